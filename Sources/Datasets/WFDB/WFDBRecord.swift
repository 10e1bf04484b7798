import Foundation

/// A WFDB record read into memory: its header and each signal's digital (ADC) samples.
public struct WFDBRecord: Sendable {
    /// The parsed header.
    public let header: WFDBHeader
    /// Digital samples per signal, in header order (a signal has frames × samples-per-frame).
    public let digital: [[Int32]]

    /// Signal `i` in its physical units; WFDB's invalid-sample marker becomes NaN.
    public func physical(_ i: Int) -> [Float] {
        let s = header.signals[i]
        let invalid = s.format.invalidSample
        let base = Double(s.baseline), inv = 1 / s.gain
        return digital[i].map { $0 == invalid ? .nan : Float((Double($0) - base) * inv) }
    }

    /// Signal `i` in millivolts; fails for units that are not a voltage.
    public func millivolts(_ i: Int, file: String) throws -> [Float] {
        let s = header.signals[i]
        guard let scale = millivoltsPerUnit(s.units) else {
            throw DatasetError(file: file, record: header.recordName,
                               "signal \(i) ('\(s.description)') has units '\(s.units)', not a voltage")
        }
        let p = physical(i)
        return scale == 1 ? p : p.map { $0 * Float(scale) }
    }
}

/// Millivolts per unit for the voltage units found in ECG headers; nil for anything else.
public func millivoltsPerUnit(_ units: String) -> Double? {
    switch units {
    case "mV", "mv", "MV": return 1
    case "uV", "uv", "µV", "μV", "UV": return 1e-3
    case "V", "v": return 1e3
    case "nV", "nv": return 1e-6
    default: return nil
    }
}

/// Reading WFDB records (header + signal files) from a file source.
public enum WFDBReader {
    /// Reads the record at `path` (relative, without `.hea`) from `source`, verifying checksums.
    public static func read(_ path: String, from source: FileSource) throws -> WFDBRecord {
        let headerPath = path + ".hea"
        let headerData = try source.data(at: headerPath)
        let file = source.displayName + "/" + headerPath
        let header = try WFDBHeader.parse(String(decoding: headerData, as: UTF8.self), file: file)
        let dir = directoryPart(path)
        return try read(header: header, headerFile: file) { name in
            (source.displayName + "/" + joinPath(dir, name), try source.data(at: joinPath(dir, name)))
        }
    }

    /// Decodes the signal files of `header`; `load` returns (display path, bytes) for a file name.
    public static func read(header: WFDBHeader, headerFile: String,
                            load: (String) throws -> (String, Data)) throws -> WFDBRecord {
        var digital = [[Int32]](repeating: [], count: header.signals.count)
        // Signals sharing a file are interleaved frame by frame, in header order.
        var groups: [(String, [Int])] = []
        for (i, s) in header.signals.enumerated() {
            if let g = groups.firstIndex(where: { $0.0 == s.fileName }) { groups[g].1.append(i) }
            else { groups.append((s.fileName, [i])) }
        }
        for (fileName, members) in groups {
            let first = header.signals[members[0]]
            for m in members where header.signals[m].format != first.format {
                throw DatasetError(file: headerFile, record: header.recordName,
                                   "signals in '\(fileName)' mix formats \(first.format.rawValue) and \(header.signals[m].format.rawValue)")
            }
            let (display, data) = try load(fileName)
            let layout = members.map { header.signals[$0].samplesPerFrame }
            let frameSize = layout.reduce(0, +)
            let stream: [Int32]
            let frames: Int
            if fileName.lowercased().hasSuffix(".mat") {
                let m = try MATv4.read(data, file: display)
                guard m.rows == members.count, frameSize == members.count else {
                    throw DatasetError(file: display, record: header.recordName,
                                       "MAT matrix is \(m.rows)×\(m.columns) but the header puts \(members.count) signals in it")
                }
                frames = m.columns
                stream = m.values.map { Int32(exactly: $0.rounded()) ?? first.format.invalidSample }
            } else {
                let payload = data.count - first.byteOffset
                guard payload >= 0 else {
                    throw DatasetError(file: display, record: header.recordName,
                                       "file has \(data.count) bytes, fewer than its byte offset \(first.byteOffset)")
                }
                let available = first.format.sampleCount(bytes: payload) / frameSize
                if let n = header.frameCount, n > 0 {
                    guard available >= n else {
                        // n comes from the header: its byte count is only worth naming when it fits.
                        let (samples, overflow) = n.multipliedReportingOverflow(by: frameSize)
                        let needs = overflow || samples > Int.max / 4 ? "" : " (\(first.format.byteCount(samples: samples)) bytes)"
                        throw DatasetError(file: display, record: header.recordName,
                                           "truncated signal file: header says \(n) frames\(needs), the file holds \(payload) bytes")
                    }
                    frames = n
                } else {
                    frames = available
                }
                // Only the difference format reads initial values; it has one byte per sample,
                // so with any frame present the frame (and this array) is no larger than the file.
                var initial: [Int32] = []
                if first.format == .difference8 && frames > 0 {
                    for m in members {
                        guard let v = Int32(exactly: header.signals[m].initialValue) else {
                            throw DatasetError(file: headerFile, record: header.recordName,
                                               "signal \(m): initial value \(header.signals[m].initialValue) does not fit 32 bits")
                        }
                        initial += [Int32](repeating: v, count: header.signals[m].samplesPerFrame)
                    }
                }
                stream = data.withUnsafeBytes { raw in
                    first.format.decode(UnsafeRawBufferPointer(rebasing: raw[first.byteOffset...]),
                                        count: frames * frameSize, initialValues: initial)
                }
            }
            // De-interleave the frame stream into per-signal arrays.
            var offsetInFrame = 0
            for (k, m) in members.enumerated() {
                let spf = layout[k]
                var out = [Int32](repeating: 0, count: frames * spf)
                stream.withUnsafeBufferPointer { s in
                    out.withUnsafeMutableBufferPointer { o in
                        var src = offsetInFrame, dst = 0
                        for _ in 0..<frames {
                            for j in 0..<spf { o[dst + j] = s[src + j] }
                            src += frameSize
                            dst += spf
                        }
                    }
                }
                offsetInFrame += spf
                digital[m] = out
                if let expected = header.signals[m].checksum {
                    var sum: Int32 = 0
                    for v in out { sum &+= v }
                    let got = Int(Int16(truncatingIfNeeded: sum))
                    let want = Int(Int16(truncatingIfNeeded: expected))
                    guard got == want else {
                        throw DatasetError(file: headerFile, record: header.recordName,
                                           "checksum mismatch for signal \(m) ('\(header.signals[m].description)'): header says \(expected), samples sum to \(got)")
                    }
                }
            }
        }
        return WFDBRecord(header: header, digital: digital)
    }
}
