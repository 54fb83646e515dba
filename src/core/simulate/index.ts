// The gradient-flow engine (see DESIGN.md, "Gradient-flow simulation"). So far: seeded
// kernel sampling as each framework samples; the engine itself builds on it.
export { fillNormal, sampleKernel, seededRng, type Rng } from './random';
