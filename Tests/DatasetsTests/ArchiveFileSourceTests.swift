import Archives
import Datasets
import Foundation
import TestSupport
import XCTest

final class ArchiveFileSourceTests: XCTestCase {
    /// A folder with WFDB records written by Python's wfdb, packed as the corpora publish it:
    /// a .zip and a .tar.gz, each with a single top-level folder.
    private func makeDatasetAndArchives() throws -> URL {
        let dir = try makeTemporaryDirectory(self)
        _ = try PythonOracle.run("""
            import os, shutil, sys, tarfile, zipfile
            import numpy as np, wfdb
            out = sys.argv[1]
            root = os.path.join(out, 'ptb-xl-1.0.1')
            rng = np.random.default_rng(0)
            for i, sub in [(1, 'records100/00000'), (2, 'records100/00000'), (1001, 'records100/01000')]:
                d = os.path.join(root, sub); os.makedirs(d, exist_ok=True)
                sig = rng.normal(0, 0.5, size=(1000, 12)).round(3)
                wfdb.wrsamp(f'{i:05d}_lr', fs=100, units=['mV'] * 12, sig_name=['I','II','III','AVR','AVL','AVF','V1','V2','V3','V4','V5','V6'],
                            p_signal=sig, fmt=['16'] * 12, write_dir=d)
            open(os.path.join(root, 'ptbxl_database.csv'), 'w').write('ecg_id,filename_lr\\n1,records100/00000/00001_lr\\n')
            with zipfile.ZipFile(os.path.join(out, 'ptbxl.zip'), 'w', zipfile.ZIP_DEFLATED) as z:
                for base, dirs, files in os.walk(root):
                    for f in sorted(files):
                        p = os.path.join(base, f); z.write(p, os.path.relpath(p, out))
            with tarfile.open(os.path.join(out, 'ptbxl.tar.gz'), 'w:gz') as t:
                t.add(root, arcname='ptb-xl-1.0.1')
            """, arguments: [dir.path])
        return dir
    }

    func testArchiveSourcesServeTheSameFilesAsTheFolder() throws {
        let dir = try makeDatasetAndArchives()
        let folder = DirectorySource(root: dir.appendingPathComponent("ptb-xl-1.0.1"))
        let zip = try openDatasetSource(dir.appendingPathComponent("ptbxl.zip"))
        let tar = try openDatasetSource(dir.appendingPathComponent("ptbxl.tar.gz"))
        XCTAssertEqual((zip as? ZipFileSource)?.root, "ptb-xl-1.0.1/")
        XCTAssertEqual((tar as? TarGzFileSource)?.root, "ptb-xl-1.0.1/")
        for source in [zip, tar] {
            for suffix in [".hea", ".dat", ".csv"] {
                XCTAssertEqual(try source.files(withSuffix: suffix), try folder.files(withSuffix: suffix), suffix)
                for path in try folder.files(withSuffix: suffix) {
                    XCTAssertEqual(try source.data(at: path), try folder.data(at: path), path)
                }
            }
            XCTAssertTrue(source.exists("records100/01000/01001_lr.dat"))
            XCTAssertFalse(source.exists("records100/01000/01002_lr.dat"))
            // The dataset readers work unchanged on archive sources.
            let fromArchive = try WFDBReader.read("records100/01000/01001_lr", from: source)
            let fromFolder = try WFDBReader.read("records100/01000/01001_lr", from: folder)
            XCTAssertEqual(fromArchive.digital, fromFolder.digital)
            XCTAssertEqual(fromArchive.header.signals.count, 12)
        }
        assertThrows(try zip.data(at: "missing.hea"), mentioning: ["ptbxl.zip", "no entry 'ptb-xl-1.0.1/missing.hea'"])
        assertThrows(try openDatasetSource(dir.appendingPathComponent("nope.zip")), mentioning: ["nope.zip", "no such dataset"])
    }

    func testTruncatedDatasetArchivesNameArchiveAndEntry() throws {
        let dir = try makeDatasetAndArchives()
        for name in ["ptbxl.zip", "ptbxl.tar.gz"] {
            let full = try Data(contentsOf: dir.appendingPathComponent(name))
            let cut = dir.appendingPathComponent("cut-" + name)
            try full.prefix(full.count * 2 / 3).write(to: cut)
            assertThrows(try openDatasetSource(cut), mentioning: [cut.path, "truncated archive", "entry '"])
        }
    }
}
