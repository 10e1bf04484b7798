/// Sampling rate (Hz) the physiological-noise models assume: every stored window is 100 Hz.
public let augmentSamplingRate: Double = 100
