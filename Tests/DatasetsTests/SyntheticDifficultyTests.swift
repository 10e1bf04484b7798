import Foundation
import TestSupport
import XCTest
@testable import Datasets

/// The synthetic task must be learnable but not trivial: an xresnet-free baseline (logistic
/// regression on per-lead summary statistics, scikit-learn as the oracle) lands in between.
final class SyntheticDifficultyTests: XCTestCase {
    func testSummaryStatisticsBaselineIsAboveChanceButBelowCeiling() throws {
        let dir = try makeTemporaryDirectory(self)
        let layout = try SyntheticDataset.generate(SyntheticDatasetOptions(records: 900, unlabeledRecords: 0, seed: 21),
                                                   into: dir.appendingPathComponent("synth"))
        let store = try Ingest.run(PTBXLReader(source: DirectorySource(root: layout.ptbxl)), format: .ptbxl,
                                   destination: dir.appendingPathComponent("store")).store
        let script = #"""
import sys, json, numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import roc_auc_score
store = sys.argv[1]
a = np.load(store + '/signals.npy', mmap_mode='r'); idx = json.load(open(store + '/index.json'))
classes = idx['labelSets']['all']; C = len(classes)
X, Y, F = [], [], []
for r in idx['records']:
    x = np.asarray(a[r['offset']:r['offset'] + r['length']]); d = np.diff(x, axis=0)
    X.append(np.concatenate([x.mean(0), x.std(0), x.min(0), x.max(0), np.abs(d).mean(0), d.std(0)]))
    y = np.zeros(C); y[r['labels']['all']] = 1; Y.append(y); F.append(r['fold'])
X, Y, F = np.array(X), np.array(Y), np.array(F)
tr, te = F <= 8, F >= 9
sc = StandardScaler().fit(X[tr]); aucs = {}
for c in range(C):
    if Y[tr, c].sum() < 3 or not (0 < Y[te, c].sum() < te.sum()): continue
    m = LogisticRegression(max_iter=3000).fit(sc.transform(X[tr]), Y[tr, c])
    aucs[classes[c]] = roc_auc_score(Y[te, c], m.predict_proba(sc.transform(X[te]))[:, 1])
print(json.dumps({'macro': float(np.mean(list(aucs.values()))), 'classes': aucs}))
"""#
        let out = try XCTUnwrap(try oracleJSON(script, [store.directory.path]) as? [String: Any])
        let macro = try XCTUnwrap(out["macro"] as? Double)
        let perClass = try XCTUnwrap(out["classes"] as? [String: Double])
        XCTAssertGreaterThan(perClass.count, 11, "too few evaluable classes: \(perClass.keys.sorted())")
        XCTAssertGreaterThan(macro, 0.65, "not learnable from simple statistics: \(perClass)")
        XCTAssertLessThan(macro, 0.92, "simple statistics nearly solve the task: \(perClass)")
        // Conduction and rhythm timing is invisible to amplitude statistics: 1AVB stays hard.
        XCTAssertLessThan(perClass["1AVB"] ?? 0, 0.75)
    }
}
