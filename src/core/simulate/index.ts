// The gradient-flow engine lands here (see DESIGN.md, "Gradient-flow simulation").
export {};
