import Foundation
import XCTest
@testable import Datasets
import TestSupport

final class IngestTests: XCTestCase {
    /// A small synthetic PTB-XL set shared by the ingest tests.
    func makeSynthetic(records: Int = 24, unlabeled: Int = 6) throws -> SyntheticDatasetLayout {
        let dir = try makeTemporaryDirectory(self)
        return try SyntheticDataset.generate(SyntheticDatasetOptions(records: records, unlabeledRecords: unlabeled, seed: 11),
                                             into: dir.appendingPathComponent("synth"))
    }

    /// The store holds what wfdb.rdsamp reads, leads moved into I, II, V1–V6, III, aVR, aVL, aVF.
    func testPTBXLIngestMatchesWFDBAndReordersLeads() throws {
        let layout = try makeSynthetic()
        let dest = layout.ptbxl.deletingLastPathComponent().appendingPathComponent("store")
        let summary = try Ingest.run(PTBXLReader(source: DirectorySource(root: layout.ptbxl)), format: .ptbxl, destination: dest)
        let store = summary.store
        XCTAssertEqual(store.count, 24)
        XCTAssertEqual(store.index.leads, Leads.canonical)
        XCTAssertEqual(Set(store.index.labelSets.keys), Set(LabelSet.allCases.map(\.rawValue)))
        let script = #"""
import sys, json, numpy as np, wfdb, pandas as pd
root, store = sys.argv[1], sys.argv[2]
a = np.load(store + '/signals.npy', mmap_mode='r'); idx = json.load(open(store + '/index.json'))
df = pd.read_csv(root + '/ptbxl_database.csv')
order = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'III', 'AVR', 'AVL', 'AVF']
worst = 0.0
for r in idx['records']:
    s, f = wfdb.rdsamp(root + '/' + r['source'])
    ref = s[:, [f['sig_name'].index(n) for n in order]]
    worst = max(worst, float(np.abs(a[r['offset']:r['offset'] + r['length']] - ref).max()))
print(json.dumps({'worst': worst, 'ids': [str(i) for i in df.ecg_id], 'folds': df.strat_fold.tolist()}))
"""#
        let out = try XCTUnwrap(try oracleJSON(script, [layout.ptbxl.path, dest.path]) as? [String: Any])
        XCTAssertLessThan(try XCTUnwrap(out["worst"] as? Double), 1e-6)
        XCTAssertEqual(store.index.records.map(\.id), out["ids"] as? [String])
        XCTAssertEqual(store.index.records.map(\.fold), out["folds"] as? [Int])
        // Unlabeled corpus through the generic WFDB reader: folds 0…9.
        let u = try Ingest.run(WFDBFolderReader(source: DirectorySource(root: layout.unlabeled)), format: .wfdb,
                               destination: dest.deletingLastPathComponent().appendingPathComponent("ustore")).store
        XCTAssertEqual(u.count, 6)
        XCTAssertEqual(u.index.records.map(\.fold), [0, 1, 2, 3, 4, 5])
        XCTAssertTrue(u.index.labelSets.isEmpty)
    }

    /// A truncated record anywhere aborts the ingest with the file and record named; no store appears.
    func testCorruptRecordAbortsAndLeavesNothing() throws {
        let layout = try makeSynthetic(records: 12, unlabeled: 0)
        let dat = layout.ptbxl.appendingPathComponent("records100/00000/00007_lr.dat")
        let bytes = try Data(contentsOf: dat)
        try bytes.prefix(bytes.count - 100).write(to: dat)
        let parent = layout.ptbxl.deletingLastPathComponent()
        let dest = parent.appendingPathComponent("store")
        assertDatasetError(try Ingest.run(PTBXLReader(source: DirectorySource(root: layout.ptbxl)), format: .ptbxl, destination: dest),
                           mentions: ["00007_lr.dat", "record 00007_lr", "truncated"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.contains("store") }
        XCTAssertEqual(leftovers, [])
    }

    /// CinC 2020: .hea + MAT v4 written with scipy, SNOMED Dx labels, 500 Hz resampled to 100 Hz.
    func testCinCReader() throws {
        let dir = try makeTemporaryDirectory(self)
        let script = #"""
import sys, os, json, numpy as np, scipy.io
d = sys.argv[1]; os.makedirs(d + '/g1', exist_ok=True)
rng = np.random.default_rng(2); out = {}
names = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
t = np.arange(5000) / 500
for k, dx in enumerate(['164889003,59118001', '426783006']):
    rec = f'A{k:04d}'
    val = np.round(np.array([1000 * np.sin(2 * np.pi * (1 + i) * t / 4 + k) for i in range(12)])).astype(np.int16)
    scipy.io.savemat(f'{d}/g1/{rec}.mat', {'val': val}, format='4')
    lines = [f'{rec} 12 500 5000']
    for i, n in enumerate(names):
        lines.append(f'{rec}.mat 16+24 1000/mV 16 0 {val[i, 0]} {int(val[i].sum()) % 65536} 0 {n}')
    lines += ['#Age: 53', '#Sex: Male', f'#Dx: {dx}', '#Rx: Unknown']
    open(f'{d}/g1/{rec}.hea', 'w').write('\n'.join(lines) + '\n')
    out[rec] = (val[:, 0] / 1000).tolist()
print(json.dumps(out))
"""#
        let first = try XCTUnwrap(try oracleJSON(script, [dir.path]) as? [String: [Double]])
        let reader = CinCReader(source: DirectorySource(root: dir))
        let items = try reader.items()
        XCTAssertEqual(items.map(\.id), ["g1/A0000", "g1/A0001"])
        XCTAssertEqual(items[0].labels["dx"], ["164889003", "59118001"])
        let leads = try reader.load(items[0])
        XCTAssertEqual(leads.count, 12)
        let aVR = try XCTUnwrap(leads.first { $0.slot == 9 })
        XCTAssertEqual(aVR.rate, 500)
        XCTAssertEqual(Double(aVR.samples[0]), first["A0000"]![3], accuracy: 1e-6)
        let store = try Ingest.run(reader, format: .cinc, destination: dir.appendingPathComponent("store")).store
        XCTAssertEqual(store.index.records.map(\.length), [1000, 1000])
        XCTAssertEqual(try store.classes("dx"), ["164889003", "426783006", "59118001"])
    }

    /// `filter_cinc`: a CinC 2020 layout with a record of each of the six source data sets (folder
    /// and prefix as the challenge names them); exactly the PTB (S…) and PTB-XL (HR…) records are
    /// marked for dropping, and only in a store of format cinc.
    func testCinCSubsetsAndTheFilterCinCRecordList() throws {
        let dir = try makeTemporaryDirectory(self)
        let script = #"""
import sys, os, numpy as np, scipy.io
d = sys.argv[1]
names = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
layout = {'cpsc_2018': 'A0001', 'cpsc_2018_extra': 'Q0001', 'st_petersburg_incart': 'I0001',
          'ptb': 'S0001', 'ptb-xl': 'HR00001', 'georgia': 'E00001'}
for folder, rec in layout.items():
    os.makedirs(f'{d}/{folder}', exist_ok=True)
    val = (np.arange(12 * 1000).reshape(12, 1000) % 97).astype(np.int16)
    scipy.io.savemat(f'{d}/{folder}/{rec}.mat', {'val': val}, format='4')
    lines = [f'{rec} 12 500 1000'] + [f'{rec}.mat 16+24 1000/mV 16 0 {val[i, 0]} {int(val[i].sum()) % 65536} 0 {n}' for i, n in enumerate(names)]
    open(f'{d}/{folder}/{rec}.hea', 'w').write('\n'.join(lines + ['#Dx: 426783006']) + '\n')
print('[]')
"""#
        _ = try oracleJSON(script, [dir.path + "/cinc"])
        let store = try Ingest.run(CinCReader(source: DirectorySource(root: dir.appendingPathComponent("cinc"))), format: .cinc,
                                   destination: dir.appendingPathComponent("store")).store
        let kept = store.index.records.filter { !store.index.isCinCPTBRecord($0) }.map(\.id).sorted()
        XCTAssertEqual(kept, ["cpsc_2018/A0001", "cpsc_2018_extra/Q0001", "georgia/E00001", "st_petersburg_incart/I0001"])
        XCTAssertEqual(store.index.records.map { CinCSubset(recordID: $0.id) }.compactMap { $0 }.count, 6)
        XCTAssertEqual(CinCSubset(recordID: "ptb-xl/HR00001"), .ptbxl)
        XCTAssertEqual(CinCSubset(recordID: "S0001"), .ptb)
        XCTAssertNil(CinCSubset(recordID: "Sx001"), "a prefix must be followed by the record number")
        XCTAssertNil(CinCSubset(recordID: "HR"))
        // The same ids in a store of another format are not CinC records.
        var other = store.index
        other.format = DatasetFormat.wfdb.rawValue
        XCTAssertEqual(other.records.filter(other.isCinCPTBRecord).count, 0)
    }

    /// Chapman/Zheng: per-record CSV in µV at 500 Hz with a lead-name header; labels from Diagnostics.csv.
    func testZhengReader() throws {
        let dir = try makeTemporaryDirectory(self)
        let script = #"""
import sys, numpy as np
d = sys.argv[1]
names = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
t = np.arange(5000) / 500
for k in range(2):
    x = np.stack([300 * np.sin(2 * np.pi * 2 * t + i + k) for i in range(12)], axis=1)
    np.savetxt(f'{d}/MUSE_{k}.csv', x, delimiter=',', header=','.join(names), comments='', fmt='%.3f')
open(f'{d}/Diagnostics.csv', 'w').write('FileName,Rhythm,Beat,PatientAge\nMUSE_0,SR,NONE,50\nMUSE_1,AFIB,RBBB TWC,60\n')
"""#
        _ = try runOracle(script, [dir.path])
        let reader = ZhengReader(source: DirectorySource(root: dir))
        let items = try reader.items()
        XCTAssertEqual(items.map(\.id), ["MUSE_0", "MUSE_1"])
        XCTAssertEqual(items[1].labels["beat"], ["RBBB", "TWC"])
        let leads = try reader.load(items[1])
        let v1 = try XCTUnwrap(leads.first { $0.slot == 2 })
        XCTAssertEqual(Double(v1.samples[0]), 0.3 * sin(6.0 + 1), accuracy: 1e-5)  // µV → mV
        let store = try Ingest.run(reader, format: .zheng, destination: dir.appendingPathComponent("store")).store
        XCTAssertEqual(store.index.records.map(\.length), [1000, 1000])
        XCTAssertEqual(try store.classes("rhythm"), ["AFIB", "SR"])
    }

    /// Ribeiro/CODE: HDF5 tracings at 400 Hz with symmetric zero padding, gold-standard labels.
    func testRibeiroReader() throws {
        let dir = try makeTemporaryDirectory(self)
        let script = #"""
import sys, os, numpy as np, h5py
d = sys.argv[1]; os.makedirs(d + '/annotations', exist_ok=True)
x = np.zeros((3, 4096, 12), dtype=np.float32)
t = np.arange(4000) / 400
for k in range(3):
    n = 4000 if k != 1 else 2800
    pad = (4096 - n) // 2
    x[k, pad:pad + n, :] = np.stack([0.5 * np.sin(2 * np.pi * 1.5 * t[:n] + c) + 0.01 for c in range(12)], axis=1)
with h5py.File(d + '/ecg_tracings.hdf5', 'w') as f:
    f.create_dataset('tracings', data=x)
open(d + '/annotations/gold_standard.csv', 'w').write('1dAVb,RBBB,LBBB,SB,AF,ST\n0,0,0,0,0,0\n1,0,0,1,0,0\n0,0,0,0,1,0\n')
"""#
        _ = try runOracle(script, [dir.path])
        let reader = RibeiroReader(source: DirectorySource(root: dir))
        let items = try reader.items()
        XCTAssertEqual(items.count, 3)
        XCTAssertEqual(items[1].labels["ribeiro"], ["1AVB", "SBRAD"])
        let short = try reader.load(items[1])
        XCTAssertEqual(short[0].samples.count, 2800)  // padding trimmed
        XCTAssertEqual(Double(short[0].samples[0]), 0.5 * sin(0.0) + 0.01, accuracy: 1e-6)
        let store = try Ingest.run(reader, format: .ribeiro, destination: dir.appendingPathComponent("store")).store
        XCTAssertEqual(store.index.records.map(\.length), [1000, 700, 1000])
        XCTAssertEqual(try store.classes("ribeiro"), ["1AVB", "AFIB", "SBRAD"])
    }

    /// A file on which libhdf5 itself crashes (a NULL dereference the fuzzer found) is refused with
    /// an error naming it: the probe process dies, not this one.
    func testAFileThatCrashesLibhdf5IsAnErrorNotACrash() throws {
        let input = try Data(contentsOf: PythonOracle.packageRoot.appendingPathComponent("Fuzz/crashes/ribeiro/libhdf5-segv-in-local-heap-read"))
        let nul = try XCTUnwrap(input.firstIndex(of: 0))
        let dir = try makeTemporaryDirectory(self)
        try input[(nul + 1)...].write(to: dir.appendingPathComponent("ecg_tracings.hdf5"))
        assertDatasetError(try RibeiroReader(source: DirectorySource(root: dir)).items(),
                           mentions: ["ecg_tracings.hdf5", "libhdf5 crashed", "signal"])
    }
}

final class IngestInputErrorTests: XCTestCase {
    func testMissingOrEmptyCorpusIsAnError() throws {
        let dir = try makeTemporaryDirectory(self)
        assertDatasetError(try Ingest.run(.cinc, directory: dir.appendingPathComponent("missing"), destination: dir.appendingPathComponent("s")),
                           mentions: ["missing", "not a directory"])
        assertDatasetError(try Ingest.run(.zheng, directory: dir, destination: dir.appendingPathComponent("s")),
                           mentions: ["no records"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("s").path))
    }
}
