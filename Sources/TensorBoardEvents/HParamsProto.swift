import SwiftProtobuf

/// The HParams plugin's conventions: its plugin name, tags and the mapping of our types to its messages.
enum HParamsProto {
    static let pluginName = "hparams"
    static let experimentTag = "_hparams_/experiment"
    static let sessionStartTag = "_hparams_/session_start_info"
    static let sessionEndTag = "_hparams_/session_end_info"
    /// TensorBoard's HParamsPluginData schema version; 0 is the only one.
    static let pluginDataVersion: Int32 = 0

    // Hyperparameters are declared sorted by name so the bytes do not depend on dictionary order.
    static func experiment(hparams: [String: HParamValue], metrics: [HParamsMetric], created: Double)
        -> Tensorboard_Hparams_Experiment
    {
        var e = Tensorboard_Hparams_Experiment()
        e.timeCreatedSecs = created
        e.hparamInfos = hparams.keys.sorted().map { name in
            var info = Tensorboard_Hparams_HParamInfo()
            info.name = name
            switch hparams[name] {
            case .string?: info.type = .string
            case .number?: info.type = .float64
            case .bool?: info.type = .bool
            case nil: info.type = .unset
            }
            return info
        }
        e.metricInfos = metrics.map { m in
            var info = Tensorboard_Hparams_MetricInfo()
            info.name.tag = m.tag
            info.name.group = m.group
            info.displayName = m.displayName
            return info
        }
        return e
    }

    static func sessionStart(_ session: HParamsSession) -> Tensorboard_Hparams_SessionStartInfo {
        var s = Tensorboard_Hparams_SessionStartInfo()
        s.hparams = session.hparams.mapValues(protoValue)
        s.groupName = session.groupName
        s.startTimeSecs = session.startTime
        return s
    }

    static func sessionEnd(_ end: SessionEnd) -> Tensorboard_Hparams_SessionEndInfo {
        var s = Tensorboard_Hparams_SessionEndInfo()
        s.status = protoStatus(end.status)
        s.endTimeSecs = end.time
        return s
    }

    static func protoValue(_ v: HParamValue) -> Google_Protobuf_Value {
        switch v {
        case .string(let s): return Google_Protobuf_Value(stringValue: s)
        case .number(let x): return Google_Protobuf_Value(numberValue: x)
        case .bool(let b): return Google_Protobuf_Value(boolValue: b)
        }
    }

    /// nil for the kinds (null, lists, structs) the HParams tab does not show.
    static func value(_ v: Google_Protobuf_Value) -> HParamValue? {
        switch v.kind {
        case .stringValue(let s)?: return .string(s)
        case .numberValue(let x)?: return .number(x)
        case .boolValue(let b)?: return .bool(b)
        default: return nil
        }
    }

    static func protoStatus(_ s: SessionStatus) -> Tensorboard_Hparams_Status {
        switch s {
        case .unknown: return .unknown
        case .success: return .success
        case .failure: return .failure
        case .running: return .running
        }
    }

    static func status(_ s: Tensorboard_Hparams_Status) -> SessionStatus {
        switch s {
        case .success: return .success
        case .failure: return .failure
        case .running: return .running
        default: return .unknown
        }
    }

    static func metric(_ info: Tensorboard_Hparams_MetricInfo) -> HParamsMetric {
        HParamsMetric(tag: info.name.tag, group: info.name.group, displayName: info.displayName)
    }
}
