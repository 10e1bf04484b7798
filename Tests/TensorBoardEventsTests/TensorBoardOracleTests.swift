import Foundation
import TestSupport
import XCTest
import TensorBoardEvents

/// The independent check: TensorBoard's own Python reader on our files, and our reader on TensorBoard's files.
/// Never skipped: `make test` installs tensorboard into the oracle venv, and without it these fail.
final class TensorBoardOracleTests: XCTestCase {
    private static let imports = #"""
    import json, sys, glob, os
    try:
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
        from tensorboard.compat.tensorflow_stub import pywrap_tensorflow as pw
        from tensorboard.compat.tensorflow_stub import errors
        from tensorboard.compat.proto import event_pb2, summary_pb2
        from tensorboard.plugins.hparams import plugin_data_pb2, api_pb2, metadata
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError as e:
        sys.exit("tensorboard is missing from the oracle venv (%s): run `.venv/bin/pip install tensorboard` (a venv made before tensorboard joined PY_PACKAGES lacks it)" % e)
    """#

    // TensorBoard's record reader checks both CRCs of every record (DataLossError otherwise);
    // its EventAccumulator then gives the scalars and the hparams plugin's raw content.
    private static let readScript = imports + "\n" + #"""
    from google.protobuf import json_format
    path = sys.argv[1]
    reader = pw.PyRecordReader_New(path)
    events = []
    while True:
        try:
            reader.GetNext()
        except errors.OutOfRangeError:
            break
        events.append(event_pb2.Event.FromString(reader.record()))
    acc = EventAccumulator(os.path.dirname(path), size_guidance={"scalars": 0})
    acc.Reload()
    scalars = {t: [[s.step, s.value, s.wall_time] for s in acc.Scalars(t)] for t in acc.Tags()["scalars"]}
    hparams = {}
    for tag, content in acc.PluginTagToContent(metadata.PLUGIN_NAME).items():
        data = plugin_data_pb2.HParamsPluginData.FromString(content)
        assert data.version == metadata.PLUGIN_DATA_VERSION, data.version
        hparams[tag] = json_format.MessageToDict(data, preserving_proto_field_name=True)
    print(json.dumps({"records": len(events), "file_version": events[0].file_version,
                      "first_wall_time": events[0].wall_time, "scalars": scalars, "hparams": hparams}))
    """#

    func testTensorBoardReadsOurFile() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try EventFile.write(scalars: Fixture.scalars, hparams: Fixture.hparams, metrics: Fixture.metrics,
                                      to: dir, hostname: "oracle")
        let out = try PythonOracle.run(Self.readScript, arguments: [url.path])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], out)

        XCTAssertEqual(json["records"] as? Int, 1 + 3 + Fixture.scalars.count)
        XCTAssertEqual(json["file_version"] as? String, "brain.Event:2")
        XCTAssertEqual(json["first_wall_time"] as? Double, Fixture.start)

        let scalars = try XCTUnwrap(json["scalars"] as? [String: [[Double]]])
        let expected = Dictionary(grouping: Fixture.scalars, by: \.tag)
        XCTAssertEqual(Set(scalars.keys), Set(expected.keys))
        for (tag, points) in expected {
            let got = try XCTUnwrap(scalars[tag])
            XCTAssertEqual(got.map { Int64($0[0]) }, points.map(\.step), tag)
            XCTAssertEqual(got.map { Float($0[1]) }, points.map(\.value), tag)
            XCTAssertEqual(got.map { $0[2] }, points.map(\.wallTime), tag)
        }

        let hparams = try XCTUnwrap(json["hparams"] as? [String: [String: Any]])
        XCTAssertEqual(Set(hparams.keys), ["_hparams_/experiment", "_hparams_/session_start_info",
                                           "_hparams_/session_end_info"])
        let experiment = try XCTUnwrap(hparams["_hparams_/experiment"]?["experiment"] as? [String: Any])
        let metricInfos = try XCTUnwrap(experiment["metric_infos"] as? [[String: Any]])
        XCTAssertEqual(metricInfos.compactMap { ($0["name"] as? [String: Any])?["tag"] as? String },
                       Fixture.metrics.map(\.tag))
        XCTAssertEqual(metricInfos.first?["display_name"] as? String, "AUC")
        let hparamInfos = try XCTUnwrap(experiment["hparam_infos"] as? [[String: Any]])
        XCTAssertEqual(hparamInfos.compactMap { $0["name"] as? String }, Fixture.hparams.hparams.keys.sorted())
        XCTAssertEqual(hparamInfos.first { $0["name"] as? String == "method" }?["type"] as? String, "DATA_TYPE_STRING")

        let start = try XCTUnwrap(hparams["_hparams_/session_start_info"]?["session_start_info"] as? [String: Any])
        let values = try XCTUnwrap(start["hparams"] as? [String: Any])
        XCTAssertEqual(values["lr"] as? Double, 0.001)
        XCTAssertEqual(values["batch_size"] as? Double, 128)
        XCTAssertEqual(values["method"] as? String, "simclr")
        XCTAssertEqual(values["pretrained"] as? Bool, true)
        XCTAssertEqual(start["start_time_secs"] as? Double, Fixture.start)
        let end = try XCTUnwrap(hparams["_hparams_/session_end_info"]?["session_end_info"] as? [String: Any])
        XCTAssertEqual(end["status"] as? String, "STATUS_SUCCESS")
        XCTAssertEqual(end["end_time_secs"] as? Double, Fixture.start + 100)
    }

    // What the HParams tab itself asks TensorBoard's backend for: the experiment (declared
    // hyperparameters and metrics) and the session groups with their latest metric values.
    // `_make_data_provider` is private to tensorboard.program: it is what `tensorboard --logdir` runs.
    private static let hparamsTabScript = imports + "\n" + #"""
    from tensorboard import program, default
    from tensorboard.backend import application
    import werkzeug.test
    tb = program.TensorBoard(plugins=default.get_plugins())
    tb.configure(argv=["", "--logdir", sys.argv[1], "--load_fast", "false",
                       "--reload_task", "blocking", "--reload_interval", "0"])
    provider, multiplexer = tb._make_data_provider()
    app = application.TensorBoardWSGIApp(tb.flags, tb.plugin_loaders, provider, tb.assets_zip_provider, multiplexer)
    client = werkzeug.test.Client(app)
    def post(route, body):
        r = client.post("/data/plugin/hparams/" + route, json=body)
        assert r.status_code == 200, (route, r.status_code, r.get_data(as_text=True))
        return json.loads(r.get_data(as_text=True))
    experiment = post("experiment", {"experimentName": ""})
    groups = post("session_groups", {"experimentName": "", "startIndex": 0, "sliceSize": 10,
        "allowedStatuses": ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]})
    print(json.dumps({"experiment": experiment, "groups": groups}))
    """#

    func testHParamsTabListsOurSession() throws {
        let logdir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: logdir) }
        let run = logdir.appendingPathComponent("simclr-run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try EventFile.write(scalars: Fixture.scalars, hparams: Fixture.hparams, metrics: Fixture.metrics,
                            to: run, hostname: "oracle")
        let out = try PythonOracle.run(Self.hparamsTabScript, arguments: [logdir.path])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], out)

        let experiment = try XCTUnwrap(json["experiment"] as? [String: Any])
        let metricInfos = try XCTUnwrap(experiment["metricInfos"] as? [[String: Any]])
        XCTAssertEqual(metricInfos.compactMap { ($0["name"] as? [String: Any])?["tag"] as? String },
                       Fixture.metrics.map(\.tag))
        let hparamInfos = try XCTUnwrap(experiment["hparamInfos"] as? [[String: Any]])
        XCTAssertEqual(Set(hparamInfos.compactMap { $0["name"] as? String }), Set(Fixture.hparams.hparams.keys))

        let groups = try XCTUnwrap((json["groups"] as? [String: Any])?["sessionGroups"] as? [[String: Any]])
        XCTAssertEqual(groups.count, 1)
        let group = try XCTUnwrap(groups.first)
        XCTAssertEqual(group["name"] as? String, "simclr-run")
        let values = try XCTUnwrap(group["hparams"] as? [String: Any])
        XCTAssertEqual(values["lr"] as? Double, 0.001)
        XCTAssertEqual(values["method"] as? String, "simclr")
        XCTAssertEqual(values["pretrained"] as? Bool, true)
        let session = try XCTUnwrap((group["sessions"] as? [[String: Any]])?.first)
        XCTAssertEqual(session["status"] as? String, "STATUS_SUCCESS")
        XCTAssertEqual(session["startTimeSecs"] as? Double, Fixture.start)
        XCTAssertEqual(session["endTimeSecs"] as? Double, Fixture.start + 100)
        // Each declared metric shows its last logged value.
        let metricValues = try XCTUnwrap(group["metricValues"] as? [[String: Any]])
        for metric in Fixture.metrics {
            let last = try XCTUnwrap(Fixture.scalars.last { $0.tag == metric.tag })
            let shown = try XCTUnwrap(metricValues.first { ($0["name"] as? [String: Any])?["tag"] as? String == metric.tag },
                                      metric.tag)
            XCTAssertEqual((shown["value"] as? Double).map(Float.init), last.value, metric.tag)
            XCTAssertEqual(shown["trainingStep"] as? Int, Int(last.step), metric.tag)
        }
    }

    // TensorBoard's reader must refuse what ours refuses, or the two CRCs would not be the same CRC.
    func testTensorBoardRejectsOurCorruptedFile() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try EventFile.write(scalars: Fixture.scalars, to: dir, hostname: "oracle")
        var bytes = try [UInt8](Data(contentsOf: url))
        bytes[bytes.count - 1] ^= 0x01
        try Data(bytes).write(to: url)
        XCTAssertThrowsError(try PythonOracle.run(Self.readScript, arguments: [url.path])) { error in
            XCTAssertTrue("\(error)".contains("failed event crc32 check"), "\(error)")
        }
        XCTAssertThrowsError(try EventFile.read(url))
    }

    // TensorBoard's own writer (and its own CRC) makes the file; our reader must check and decode it.
    private static let writeScript = imports + "\n" + #"""
    logdir = sys.argv[1]
    w = EventFileWriter(logdir)
    def value_event(tag, step, value, wall):
        v = summary_pb2.Summary.Value(tag=tag, simple_value=value)
        return event_pb2.Event(wall_time=wall, step=step, summary=summary_pb2.Summary(value=[v]))
    def hparams_event(tag, wall, **data):
        content = plugin_data_pb2.HParamsPluginData(version=0, **data).SerializeToString()
        md = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(
            plugin_name="hparams", content=content))
        v = summary_pb2.Summary.Value(tag=tag, metadata=md)
        return event_pb2.Event(wall_time=wall, summary=summary_pb2.Summary(value=[v]))
    experiment = api_pb2.Experiment(metric_infos=[api_pb2.MetricInfo(name=api_pb2.MetricName(tag="acc"))])
    start = plugin_data_pb2.SessionStartInfo(start_time_secs=1000.5)
    start.hparams["depth"].number_value = 4
    start.hparams["opt"].string_value = "adam"
    start.hparams["aug"].bool_value = False
    w.add_event(hparams_event("_hparams_/experiment", 1000.5, experiment=experiment))
    w.add_event(hparams_event("_hparams_/session_start_info", 1000.5, session_start_info=start))
    for i in range(20):
        w.add_event(value_event("acc", i * 3, 0.25 + i / 64, 1000.5 + i))
        w.add_event(value_event("loss", i * 3, 2.0 ** -i, 1000.75 + i))
    end = plugin_data_pb2.SessionEndInfo(status=api_pb2.STATUS_FAILURE, end_time_secs=1100.0)
    w.add_event(hparams_event("_hparams_/session_end_info", 1100.0, session_end_info=end))
    w.close()
    print(glob.glob(os.path.join(logdir, "events.out.tfevents.*"))[0])
    """#

    func testOurReaderReadsTensorBoardsFile() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try PythonOracle.run(Self.writeScript, arguments: [dir.path])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let contents = try EventFile.read(URL(fileURLWithPath: path))
        XCTAssertEqual(contents.fileVersion, "brain.Event:2")
        var expected: [ScalarPoint] = []
        for i in 0..<20 {
            let x = Double(i)
            expected.append(ScalarPoint(tag: "acc", step: Int64(i * 3), value: 0.25 + x / 64, wallTime: 1000.5 + x))
            expected.append(ScalarPoint(tag: "loss", step: Int64(i * 3), value: pow(2.0, -x), wallTime: 1000.75 + x))
        }
        XCTAssertEqual(contents.scalars, expected)
        XCTAssertEqual(contents.metrics, [HParamsMetric(tag: "acc")])
        XCTAssertEqual(contents.hparams, HParamsSession(
            hparams: ["depth": .number(4), "opt": .string("adam"), "aug": .bool(false)], startTime: 1000.5,
            end: SessionEnd(status: .failure, time: 1100)))

        // Flip one byte of TensorBoard's file: our reader must refuse it.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x20
        XCTAssertThrowsError(try EventFile.decode(bytes, file: path)) { error in
            XCTAssertTrue(error is EventFileError, "\(error)")
        }
    }
}
