import Foundation

/// One signal line of a WFDB header.
public struct WFDBSignalSpec: Equatable, Sendable {
    /// Signal file name, relative to the header's directory.
    public var fileName: String
    /// Storage format of the samples in `fileName`.
    public var format: WFDBFormat
    /// Samples of this signal per frame (multi-frequency records have more than one).
    public var samplesPerFrame: Int
    /// Bytes to skip at the start of the signal file.
    public var byteOffset: Int
    /// ADC units per physical unit.
    public var gain: Double
    /// ADC value that corresponds to 0 physical units.
    public var baseline: Int
    /// Physical units ("mV" when the header says nothing).
    public var units: String
    /// ADC resolution in bits.
    public var adcResolution: Int
    /// ADC value of 0 V input.
    public var adcZero: Int
    /// First sample value (needed by the difference format).
    public var initialValue: Int
    /// 16-bit signed checksum of all samples, when the header gives one.
    public var checksum: Int?
    /// Block size (0 for ordinary files).
    public var blockSize: Int
    /// Lead name / description.
    public var description: String
}

/// A parsed WFDB header (`.hea`): the record line, the signal lines and the info comments.
public struct WFDBHeader: Equatable, Sendable {
    /// Record name from the record line.
    public var recordName: String
    /// Frame frequency in Hz (the sampling frequency when every signal has one sample per frame).
    public var frameFrequency: Double
    /// Number of frames, when the header gives it.
    public var frameCount: Int?
    /// Signal lines in header order.
    public var signals: [WFDBSignalSpec]
    /// Comment lines (without the leading '#') — CinC puts demographics and `Dx:` here.
    public var comments: [String]

    /// Sampling frequency of signal `i` (frame frequency times its samples per frame).
    public func samplingFrequency(of i: Int) -> Double {
        frameFrequency * Double(signals[i].samplesPerFrame)
    }

    /// Largest accepted samples-per-frame multiplier (`16x…` in the format field).
    public static let maxSamplesPerFrame = 1 << 16

    /// Parses header text; `file` names the header in errors.
    public static func parse(_ text: String, file: String) throws -> WFDBHeader {
        var lines: [(Int, Substring)] = []
        var comments: [String] = []
        var n = 0
        for raw in lineBodies(text) {
            n += 1
            let line = raw.trimmedOfWhitespace()
            if line.isEmpty { continue }
            let hash = firstIndex(of: "#", in: line)
            if hash == line.startIndex {
                comments.append(String(line.dropFirst().trimmedOfWhitespace()))
                continue
            }
            // A '#' after fields starts a trailing comment.
            lines.append((n, line[..<(hash ?? line.endIndex)].trimmedOfWhitespace()))
        }
        guard let (recLineNo, recordLine) = lines.first else {
            throw DatasetError(file: file, "header has no record line")
        }
        let rf = fields(recordLine)
        func recErr(_ what: String) -> DatasetError {
            DatasetError(file: file, "line \(recLineNo): record line: \(what)")
        }
        let nameField = String(rf[0])
        if firstIndex(of: "/", in: rf[0]) != nil {
            throw recErr("multi-segment records ('\(nameField)') are not supported")
        }
        guard rf.count >= 2 else { throw recErr("missing field 'number of signals'") }
        guard let nsig = Int(rf[1]), nsig >= 0 else { throw recErr("number of signals '\(rf[1])' is not a count") }
        var fs = 250.0  // WFDB's documented default when the field is absent
        if rf.count >= 3 {
            // "fs[/counter[(base)]]" (the field may be "/…" alone: then there is no frequency)
            let f = rf[2][..<(firstIndex(of: "/", in: rf[2]) ?? rf[2].endIndex)]
            guard let v = Double(f), v > 0, v.isFinite else { throw recErr("sampling frequency '\(rf[2])' is not a positive number") }
            fs = v
        }
        var nsamp: Int? = nil
        if rf.count >= 4 {
            guard let v = Int(rf[3]), v >= 0 else { throw recErr("number of samples '\(rf[3])' is not a count") }
            nsamp = v
        }
        let signalLines = lines.dropFirst()
        guard signalLines.count >= nsig else {
            throw recErr("declares \(nsig) signals but the header has \(signalLines.count) signal lines")
        }
        var signals: [WFDBSignalSpec] = []
        for (k, (lineNo, line)) in signalLines.prefix(nsig).enumerated() {
            signals.append(try parseSignalLine(line, index: k, lineNo: lineNo, file: file))
        }
        return WFDBHeader(recordName: nameField, frameFrequency: fs, frameCount: nsamp,
                          signals: signals, comments: comments)
    }

    /// The lines of `text`, split where a Character is "\n" or "\r\n" (a lone "\r" stays in
    /// its line), found by scalar: a line feed always ends a Character, so this is the Character
    /// split without grapheme breaking, which cost more than the rest of header parsing.
    static func lineBodies(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var out: [Substring] = []
        var start = scalars.startIndex, i = start
        while i < scalars.endIndex {
            if scalars[i] == "\n" {
                var end = i
                if end > start, scalars[scalars.index(before: end)] == "\r" { end = scalars.index(before: end) }
                out.append(text[start..<end])
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        out.append(text[start...])
        return out
    }

    /// `line` split at spaces and tabs with empty fields omitted, after at most `maxSplits`
    /// splits: `split(maxSplits:whereSeparator:)` over Characters, run over bytes when the line
    /// is ASCII (every Character one byte) because grapheme breaking dominated header parsing.
    static func fields(_ line: Substring, maxSplits: Int = .max) -> [Substring] {
        guard line.utf8.allSatisfy({ $0 < 0x80 }) else {
            return line.split(maxSplits: maxSplits, whereSeparator: { $0 == " " || $0 == "\t" })
        }
        return line.utf8.split(maxSplits: maxSplits, whereSeparator: { $0 == 0x20 || $0 == 0x09 })
            .map { line[$0.startIndex..<$0.endIndex] }
    }

    /// The first Character of `s` equal to the ASCII `c`, found by byte when `s` is ASCII (every
    /// Character one byte); otherwise by Character, so a '#' carrying a combining mark is no '#'.
    static func firstIndex(of c: Unicode.Scalar, in s: Substring) -> Substring.Index? {
        let byte = UInt8(ascii: c)
        guard s.utf8.allSatisfy({ $0 < 0x80 }) else { return s.firstIndex(of: Character(c)) }
        return s.utf8.firstIndex(of: byte)
    }

    private static func parseSignalLine(_ line: Substring, index k: Int, lineNo: Int, file: String) throws -> WFDBSignalSpec {
        func err(_ what: String) -> DatasetError {
            DatasetError(file: file, "line \(lineNo): signal \(k): \(what)")
        }
        let f = fields(line, maxSplits: 8)
        let fileName = String(f[0])
        guard f.count >= 2 else { throw err("missing field 'format'") }
        // format[xspf][:skew][+offset]
        var fmtText = Substring(f[1])
        var byteOffset = 0
        if let plus = firstIndex(of: "+", in: fmtText) {
            guard let o = Int(fmtText[fmtText.index(after: plus)...]), o >= 0 else { throw err("bad byte offset in '\(f[1])'") }
            byteOffset = o
            fmtText = fmtText[..<plus]
        }
        if let colon = firstIndex(of: ":", in: fmtText) {
            guard let s = Int(fmtText[fmtText.index(after: colon)...]) else { throw err("bad skew in '\(f[1])'") }
            if s != 0 { throw err("non-zero skew (\(s)) is not supported") }
            fmtText = fmtText[..<colon]
        }
        var spf = 1
        if let x = firstIndex(of: "x", in: fmtText) {
            // Bounded so frame sizes (sums over signals) cannot overflow; real records use ≤ 16.
            guard let s = Int(fmtText[fmtText.index(after: x)...]), (1...maxSamplesPerFrame).contains(s) else {
                throw err("bad samples per frame in '\(f[1])' (1…\(maxSamplesPerFrame))")
            }
            spf = s
            fmtText = fmtText[..<x]
        }
        guard let code = Int(fmtText) else { throw err("format '\(f[1])' is not a number") }
        guard let format = WFDBFormat(rawValue: code) else {
            let known = WFDBFormat.allCases.map { String($0.rawValue) }.joined(separator: ", ")
            throw err("unsupported format \(code) (supported: \(known))")
        }
        // gain[(baseline)][/units]
        var gain = 200.0, baseline: Int? = nil, units = "mV"
        if f.count >= 3 {
            var g = Substring(f[2])
            if let slash = firstIndex(of: "/", in: g) {
                units = String(g[g.index(after: slash)...])
                g = g[..<slash]
            }
            if let open = firstIndex(of: "(", in: g) {
                guard g.last == ")", let b = Int(g[g.index(after: open)..<g.index(before: g.endIndex)]) else {
                    throw err("bad baseline in gain field '\(f[2])'")
                }
                baseline = b
                g = g[..<open]
            }
            guard let gv = Double(g), gv >= 0, gv.isFinite else { throw err("gain '\(f[2])' is not a number") }
            gain = gv == 0 ? 200 : gv  // WFDB: 0 means uncalibrated, read with the default gain
        }
        func int(_ i: Int, _ name: String, default d: Int) throws -> Int {
            guard f.count > i else { return d }
            guard let v = Int(f[i]) else { throw err("field '\(name)' ('\(f[i])') is not an integer") }
            return v
        }
        let adcres = try int(3, "ADC resolution", default: format == .packed212 ? 12 : 16)
        let adczero = try int(4, "ADC zero", default: 0)
        let initval = try int(5, "initial value", default: adczero)
        let checksum: Int? = f.count > 6 ? try int(6, "checksum", default: 0) : nil
        let blockSize = try int(7, "block size", default: 0)
        let description = f.count > 8 ? String(f[8]) : ""
        return WFDBSignalSpec(fileName: fileName, format: format, samplesPerFrame: spf, byteOffset: byteOffset,
                              gain: gain, baseline: baseline ?? adczero, units: units, adcResolution: adcres,
                              adcZero: adczero, initialValue: initval, checksum: checksum,
                              blockSize: blockSize, description: description)
    }
}
