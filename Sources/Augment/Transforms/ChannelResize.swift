import Foundation
import TensorCore

/// ChannelResize (ChR): multiplies each lead by its own gain exp(U(ln a, ln b)).
public struct ChannelResize: Transform {
    public let kind = TransformKind.channelResize
    public let parameters: ParameterValues
    let logLow: Double, logHigh: Double

    init(_ p: ParameterValues) {
        parameters = p
        let m = p.interval("magnitude_range")
        logLow = log(m.low); logHigh = log(m.high)
    }

    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        for c in 0..<window.leads {
            let gain = Float(exp(rng.uniform(logLow, logHigh)))
            let lead = window.base + c * window.length
            for i in 0..<window.length { lead[i] *= gain }
        }
    }
}
