export default function Home() {
  return <p>GET /api/node or /api/edge for the customers of a Visma.net ERP tenant.</p>;
}
