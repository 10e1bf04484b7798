// The ExperimentSpec module.
