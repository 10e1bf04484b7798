import Foundation
import TestSupport
import XCTest
import TensorCore
@testable import Datasets

final class WFDBTests: XCTestCase {
    /// The wfdb package writes (or, for formats it cannot write, reads back hand-packed bytes in)
    /// every format; our reader must return the same digital and physical samples.
    func testReadsEveryFormatLikeTheWFDBPackage() throws {
        let dir = try makeTemporaryDirectory(self)
        let script = #"""
import sys, json, numpy as np, wfdb
d = sys.argv[1]; rng = np.random.default_rng(7)
out = {}
ranges = {'16': 32767, '80': 127, '212': 2047, '24': 2**23 - 1, '32': 2**31 - 1}
for fmt, hi in ranges.items():
    sig = rng.integers(-hi, hi, size=(53, 3))
    sig[5, 1] = -hi  # extremes must survive
    wfdb.wrsamp('r' + fmt, fs=250, units=['mV', 'uV', 'mV'], sig_name=['I', 'II', 'V1'], d_signal=sig,
                fmt=[fmt] * 3, adc_gain=[200.0, 1000.0, 37.5], baseline=[0, 5, -3], write_dir=d)
# Formats wfdb reads but does not write: pack the bytes by hand, let wfdb read them.
sig = rng.integers(-30000, 30000, size=(41, 2))
for fmt, data in [('61', sig.astype('>i2').tobytes()), ('160', (sig + 32768).astype('<u2').tobytes())]:
    open(f'{d}/r{fmt}.dat', 'wb').write(data)
    cs = [int(sig[:, i].sum()) % 65536 for i in range(2)]
    open(f'{d}/r{fmt}.hea', 'w').write(f'r{fmt} 2 500 41\n' + ''.join(
        f'r{fmt}.dat {fmt} 100({i})/mV 16 0 {sig[0, i]} {cs[i]} 0 L{i}\n' for i in range(2)))
steps = rng.integers(-20, 20, size=(41, 2)); init = [100, -50]
sig8 = np.cumsum(steps, axis=0) + np.array(init)
open(f'{d}/r8.dat', 'wb').write(steps.astype('i1').tobytes())
open(f'{d}/r8.hea', 'w').write('r8 2 100 41\n' + ''.join(
    f'r8.dat 8 10/mV 8 0 {init[i]} {int(sig8[:, i].sum()) % 65536} 0 L{i}\n' for i in range(2)))
for fmt in ['16', '80', '212', '24', '32', '61', '160', '8']:
    r = wfdb.rdrecord(f'{d}/r{fmt}', physical=False)
    p = wfdb.rdrecord(f'{d}/r{fmt}').p_signal
    out[fmt] = {'d': r.d_signal.T.tolist(), 'p': p.T.tolist()}
print(json.dumps(out))
"""#
        let oracle = try XCTUnwrap(try oracleJSON(script, [dir.path]) as? [String: [String: [[Double]]]])
        XCTAssertEqual(oracle.count, 8)
        let source = DirectorySource(root: dir)
        for (fmt, expected) in oracle {
            let record = try WFDBReader.read("r" + fmt, from: source)
            let digital = try XCTUnwrap(expected["d"]), physical = try XCTUnwrap(expected["p"])
            XCTAssertEqual(record.digital.count, digital.count, "format \(fmt)")
            for i in 0..<digital.count {
                XCTAssertEqual(record.digital[i].map(Double.init), digital[i], "format \(fmt) signal \(i)")
                let ours = record.physical(i)
                for (a, b) in zip(ours, physical[i]) {
                    XCTAssertEqual(Double(a), b, accuracy: 1e-6 * max(1, abs(b)), "format \(fmt) signal \(i)")
                }
            }
        }
        // Units convert to mV: signal 1 of the wfdb-written files is in µV.
        let r16 = try WFDBReader.read("r16", from: source)
        let mv = try r16.millivolts(1, file: "r16")
        XCTAssertEqual(Double(mv[3]), (Double(r16.digital[1][3]) - 5) / 1000 / 1000, accuracy: 1e-9)
    }

    func testMultiFrequencySignals() throws {
        let dir = try makeTemporaryDirectory(self)
        let script = #"""
import sys, json, numpy as np, wfdb
d = sys.argv[1]; rng = np.random.default_rng(3)
a = rng.integers(-1000, 1000, size=40); b = rng.integers(-1000, 1000, size=20)
rec = wfdb.Record(record_name='mf', n_sig=2, fs=100, samps_per_frame=[2, 1], sig_len=20, e_d_signal=[a, b],
                  fmt=['16', '16'], adc_gain=[100., 50.], baseline=[0, 0], units=['mV', 'mV'], sig_name=['A', 'B'],
                  file_name=['mf.dat', 'mf.dat'], adc_res=[16, 16], adc_zero=[0, 0], block_size=[0, 0])
rec.set_d_features(expanded=True)
rec.wrsamp(expanded=True, write_dir=d)
print(json.dumps([a.tolist(), b.tolist()]))
"""#
        let expected = try XCTUnwrap(try oracleJSON(script, [dir.path]) as? [[Double]])
        let r = try WFDBReader.read("mf", from: DirectorySource(root: dir))
        XCTAssertEqual(r.digital[0].map(Double.init), expected[0])
        XCTAssertEqual(r.digital[1].map(Double.init), expected[1])
        XCTAssertEqual(r.header.samplingFrequency(of: 0), 200)
        XCTAssertEqual(r.header.samplingFrequency(of: 1), 100)
    }

    /// What we write, wfdb reads: same digital samples, physical values within half a step.
    func testWFDBReadsOurFormat16() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededGenerator(seed: 16)
        let leads = ["I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"]
        let signals: [[Float]] = leads.indices.map { _ in (0..<250).map { _ in Float.random(in: -5...5, using: &rng) } }
        try WFDBWriter.writeFormat16(name: "00001_lr", directory: dir, samplingFrequency: 100,
                                     leadNames: leads, signals: signals)
        let script = #"""
import sys, json, wfdb
s, f = wfdb.rdsamp(sys.argv[1])
print(json.dumps({'p': s.T.tolist(), 'names': f['sig_name'], 'fs': f['fs'], 'units': f['units']}))
"""#
        let out = try XCTUnwrap(try oracleJSON(script, [dir.appendingPathComponent("00001_lr").path]) as? [String: Any])
        XCTAssertEqual(out["names"] as? [String], leads)
        XCTAssertEqual(out["fs"] as? Double, 100)
        let p = try XCTUnwrap(out["p"] as? [[Double]])
        for i in leads.indices {
            for t in 0..<250 {
                // Half an ADC step (gain 1000/mV), plus float32 slack at the rounding boundary.
                XCTAssertEqual(p[i][t], Double(signals[i][t]), accuracy: 0.0005 + 1e-6)
            }
        }
        // And our reader agrees with itself (checksums verified on the way).
        let back = try WFDBReader.read("00001_lr", from: DirectorySource(root: dir))
        XCTAssertEqual(back.header.signals.map(\.description), leads)
    }

    func testCorruptedInputsNameFileRecordAndProblem() throws {
        let dir = try makeTemporaryDirectory(self)
        let signals: [[Float]] = [[0.1, 0.2, 0.3, 0.4], [1, 2, 3, 4]]
        try WFDBWriter.writeFormat16(name: "rec", directory: dir, samplingFrequency: 100,
                                     leadNames: ["I", "II"], signals: signals)
        let source = DirectorySource(root: dir)
        let dat = dir.appendingPathComponent("rec.dat"), hea = dir.appendingPathComponent("rec.hea")
        let goodDat = try Data(contentsOf: dat), goodHea = try String(contentsOf: hea)

        try goodDat.prefix(goodDat.count - 3).write(to: dat)
        assertDatasetError(try WFDBReader.read("rec", from: source), mentions: ["rec.dat", "record rec", "truncated"])
        try goodDat.write(to: dat)

        var lines = goodHea.split(separator: "\n").map(String.init)
        var f = lines[1].split(separator: " ").map(String.init)
        f[6] = String(Int(f[6])! + 1)
        lines[1] = f.joined(separator: " ")
        try (lines.joined(separator: "\n") + "\n").write(to: hea, atomically: true, encoding: .utf8)
        assertDatasetError(try WFDBReader.read("rec", from: source), mentions: ["rec.hea", "record rec", "checksum"])

        try "rec 2 100 4\nrec.dat 16 1000(0)/mV 16 0 100 1000 0 I\nrec.dat\n".write(to: hea, atomically: true, encoding: .utf8)
        assertDatasetError(try WFDBReader.read("rec", from: source), mentions: ["rec.hea", "signal 1", "missing field 'format'"])

        try "rec\n".write(to: hea, atomically: true, encoding: .utf8)
        assertDatasetError(try WFDBReader.read("rec", from: source), mentions: ["rec.hea", "number of signals"])

        try "rec 3 100 4\nrec.dat 16 1000(0)/mV 16 0 100 1000 0 I\n".write(to: hea, atomically: true, encoding: .utf8)
        assertDatasetError(try WFDBReader.read("rec", from: source), mentions: ["declares 3 signals"])
    }

    func testHeaderDefaultsFollowTheSpec() throws {
        let h = try WFDBHeader.parse("# a comment\nx 2 360\nx.dat 212\nx.dat 212 0 12 1024 # trailing\n#Dx: 1,2\n", file: "x.hea")
        XCTAssertEqual(h.frameFrequency, 360)
        XCTAssertNil(h.frameCount)
        XCTAssertEqual(h.signals[0].gain, 200)     // missing gain → WFDB default
        XCTAssertEqual(h.signals[1].gain, 200)     // zero gain → uncalibrated → default
        XCTAssertEqual(h.signals[1].baseline, 1024) // baseline defaults to ADC zero
        XCTAssertEqual(h.signals[0].units, "mV")
        XCTAssertNil(h.signals[0].checksum)
        XCTAssertEqual(h.comments, ["a comment", "Dx: 1,2"])
    }

    func testHeaderLinesSplitWhereCharactersAreLineBreaks() {
        let texts = ["", "\n", "a", "a\n", "a\r\nb", "a\rb\n", "\r\n\r\n", "a\r", "a\r\r\n", "\n\u{301}x\r\n\u{301}",
                     "100 12 100 1000\r\n100.dat 16 1000/mV 16 0 -1 0 0 I\r\n# Age: 56\r\n"]
        for t in texts {
            let expected = t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
            XCTAssertEqual(WFDBHeader.lineBodies(t).map(String.init), expected, "\(t.unicodeScalars.map { $0.value })")
        }
    }

    func testHeaderFieldsSplitAsCharactersDo() {
        let lines = ["", " ", "a", "  a  b\t\tc  ", "100.dat 16 1000/mV 16 0 -1 0 0 I", "a b c d e f g h i  j k  ", "\ta\t",
                     "100.dat 16 1000/µV 16 0 -1 0 0 aVR", " e\u{301} x", "a \u{301}b c", "a\rb c\r"]
        for l in lines {
            for maxSplits in [0, 1, 8, Int.max] {
                let expected = l[...].split(maxSplits: maxSplits, whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                XCTAssertEqual(WFDBHeader.fields(l[...], maxSplits: maxSplits).map(String.init), expected, "\(l.debugDescription) maxSplits \(maxSplits)")
            }
        }
    }

    func testHeaderSeparatorsAreFoundAsCharactersAre() {
        let texts = ["", "#", "a#b", "##", "16x2:0+24", "1000.0(0)/mV", "é#x", "#\u{301}x#y", "a/\u{301}/b", "µV/x", "x\u{301}"]
        for t in texts {
            for c in ["#", "/", "+", ":", "x", "("] as [Unicode.Scalar] {
                let s = t[...]
                XCTAssertEqual(WFDBHeader.firstIndex(of: c, in: s).map { s.distance(from: s.startIndex, to: $0) },
                               s.firstIndex(of: Character(c)).map { s.distance(from: s.startIndex, to: $0) },
                               "\(t.debugDescription) '\(c)'")
            }
        }
    }

    func testACombiningMarkMakesAHashNoComment() throws {
        let h = try WFDBHeader.parse("#\u{301}x 1 100\nx.dat 16 1000/mV # trailing\n", file: "x.hea")
        XCTAssertEqual(h.recordName, "#\u{301}x")
        XCTAssertEqual(h.comments, [])
        XCTAssertEqual(h.signals.count, 1)
        XCTAssertEqual(h.signals[0].gain, 1000)
    }
}
