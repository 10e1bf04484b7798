import FileSupport
import Foundation

/// Writing WFDB format-16 records (what PTB-XL ships and the synthetic generator produces).
public enum WFDBWriter {
    /// Writes `<directory>/<name>.hea` and `.dat`: `signals[lead][t]` in mV, stored as 16-bit
    /// samples with `gain` ADC units per mV and baseline 0 (PTB-XL uses 1000, i.e. 1 µV steps).
    ///
    /// Values outside the 16-bit range are clipped; NaN becomes WFDB's invalid sample.
    /// Files are written under temporary names and renamed into place.
    public static func writeFormat16(name: String, directory: URL, samplingFrequency: Double,
                                     leadNames: [String], signals: [[Float]], gain: Double = 1000) throws {
        let nsig = signals.count
        guard nsig == leadNames.count, nsig > 0 else {
            throw DatasetError(file: directory.appendingPathComponent(name + ".hea").path,
                               "writer got \(nsig) signals and \(leadNames.count) lead names")
        }
        let n = signals[0].count
        for (i, s) in signals.enumerated() where s.count != n {
            throw DatasetError(file: directory.appendingPathComponent(name + ".dat").path,
                               "signal \(i) has \(s.count) samples, signal 0 has \(n)")
        }
        var bytes = [UInt8](repeating: 0, count: 2 * n * nsig)
        var checksums = [Int32](repeating: 0, count: nsig)
        var initial = [Int16](repeating: 0, count: nsig)
        let g = Float(gain)
        for i in 0..<nsig {
            signals[i].withUnsafeBufferPointer { s in
                var sum: Int32 = 0
                for t in 0..<n {
                    let v = s[t]
                    let d: Int16
                    if v.isNaN { d = Int16.min }
                    else { d = Int16(max(-32767, min(32767, (v * g).rounded()))) }
                    if t == 0 { initial[i] = d }
                    sum &+= Int32(d)
                    let o = 2 * (t * nsig + i)
                    let u = UInt16(bitPattern: d)
                    bytes[o] = UInt8(u & 0xFF)
                    bytes[o + 1] = UInt8(u >> 8)
                }
                checksums[i] = sum
            }
        }
        var header = "\(name) \(nsig) \(formatNumber(samplingFrequency)) \(n)\n"
        for i in 0..<nsig {
            header += "\(name).dat 16 \(formatNumber(gain))(0)/mV 16 0 \(initial[i]) \(Int16(truncatingIfNeeded: checksums[i])) 0 \(leadNames[i])\n"
        }
        try writeAtomically(Data(bytes), to: directory.appendingPathComponent(name + ".dat"))
        try writeAtomically(Data(header.utf8), to: directory.appendingPathComponent(name + ".hea"))
    }

    /// "1000" for whole numbers, the shortest exact spelling otherwise.
    static func formatNumber(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

/// `AtomicFile.write`, with a failure reported as the `DatasetError` every dataset writer throws.
func writeAtomically(_ data: Data, to url: URL) throws {
    do {
        try AtomicFile.write(data, to: url)
    } catch {
        throw DatasetError(file: url.path, "cannot write (\(error.localizedDescription))")
    }
}
