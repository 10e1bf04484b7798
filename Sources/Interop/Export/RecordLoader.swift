import Datasets
import Foundation
import TensorCore

/// Loads one WFDB record as the models see it: 12 leads in store order (I, II, V1–V6, III, aVR,
/// aVL, aVF; missing leads zero) at 100 Hz in mV, lead-major [12, T].
public enum RecordLoader {
    /// Reads the record at `path` (with or without `.hea`).
    public static func load(_ path: String) throws -> Tensor {
        var base = path
        if base.hasSuffix(".hea") { base.removeLast(4) }
        let url = URL(fileURLWithPath: base)
        let file = base + ".hea"
        let record = try WFDBReader.read(url.lastPathComponent, from: DirectorySource(root: url.deletingLastPathComponent()))
        var leads: [(slot: Int, samples: [Float])] = []
        for (i, signal) in record.header.signals.enumerated() {
            guard let slot = Leads.slot(of: signal.description) else { continue } // not an ECG lead
            guard !leads.contains(where: { $0.slot == slot }) else {
                throw InteropError("\(file): lead '\(signal.description)' appears twice")
            }
            var samples = try record.millivolts(i, file: file)
            let rate = record.header.samplingFrequency(of: i)
            if rate != Ingest.storeRate { samples = Resampler(from: rate, to: Ingest.storeRate)(samples) }
            leads.append((slot, samples))
        }
        guard !leads.isEmpty else { throw InteropError("\(file): no ECG leads (signal names match none of I, II, V1–V6, III, aVR, aVL, aVF)") }
        let length = leads.map(\.samples.count).min()!
        var out = [Float](repeating: 0, count: Leads.count * length)
        for (slot, samples) in leads {
            if let bad = samples.prefix(length).firstIndex(where: \.isNaN) {
                throw InteropError("\(file): lead \(Leads.canonical[slot]) has an invalid sample at index \(bad)")
            }
            for t in 0..<length { out[slot * length + t] = samples[t] }
        }
        return Tensor(shape: [Leads.count, length], scalars: out)
    }
}
