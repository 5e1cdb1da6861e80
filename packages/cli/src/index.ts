/** Placeholder until the local Visma Connect lands. */
export const placeholder = 1;
