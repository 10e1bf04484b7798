import Archives
import Datasets
import Foundation
import TestSupport
import XCTest

/// CinC 2020 as published: a .tar.gz of WFDB headers with MATLAB v4 signal files.
final class CinCArchiveIngestTests: XCTestCase {
    func testTarGzIngestsToTheSameStoreAsTheFolder() throws {
        let dir = try makeTemporaryDirectory(self)
        _ = try PythonOracle.run("""
            import io, os, sys, tarfile
            import numpy as np, scipy.io
            out = sys.argv[1]
            root = os.path.join(out, 'Training_WFDB')
            os.makedirs(root)
            rng = np.random.default_rng(1)
            leads = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']
            for k, dx in enumerate(['426783006', '164889003,59118001', '270492004']):
                name = f'A{k + 1:04d}'
                n = 5000 + 500 * k
                val = (rng.normal(0, 300, size=(12, n))).astype(np.int16)
                scipy.io.savemat(os.path.join(root, name + '.mat'), {'val': val}, format='4')
                lines = [f'{name} 12 500 {n} 05-Feb-2020 11:39:16']
                for i, lead in enumerate(leads):
                    checksum = int(val[i].astype(np.int64).sum()) % 65536
                    checksum = checksum - 65536 if checksum >= 32768 else checksum
                    lines.append(f'{name}.mat 16+24 1000/mV 16 0 {val[i, 0]} {checksum} 0 {lead}')
                lines += ['#Age: 60', '#Sex: Female', f'#Dx: {dx}', '#Rx: Unknown']
                open(os.path.join(root, name + '.hea'), 'w').write('\\n'.join(lines) + '\\n')
            with tarfile.open(os.path.join(out, 'PhysioNetChallenge2020_Training_CPSC.tar.gz'), 'w:gz') as t:
                t.add(root, arcname='Training_WFDB')
            """, arguments: [dir.path])
        let folderStore = dir.appendingPathComponent("store-folder"), tarStore = dir.appendingPathComponent("store-tar")
        let archive = try openDatasetSource(dir.appendingPathComponent("PhysioNetChallenge2020_Training_CPSC.tar.gz"))
        _ = try Ingest.run(Ingest.reader(.cinc, source: DirectorySource(root: dir.appendingPathComponent("Training_WFDB"))),
                           format: .cinc, destination: folderStore)
        _ = try Ingest.run(Ingest.reader(.cinc, source: archive), format: .cinc, destination: tarStore)
        for file in [Store.signalFile, Store.indexFile] {
            XCTAssertEqual(try Data(contentsOf: folderStore.appendingPathComponent(file)),
                           try Data(contentsOf: tarStore.appendingPathComponent(file)), file)
        }
        let store = try Store(directory: tarStore)
        XCTAssertEqual(store.count, 3)
        XCTAssertEqual(try store.classes("dx"), ["164889003", "270492004", "426783006", "59118001"])
        XCTAssertEqual(store.index.records.map(\.length), [1000, 1100, 1200]) // 500 Hz → 100 Hz
    }
}
