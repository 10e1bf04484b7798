import Foundation
import SwiftProtobuf

/// The pure half of the writer: scalars and hparams in, event-file bytes out, the same bytes for the same input.
enum EventEncoding {
    static func events(scalars: [ScalarPoint], hparams: HParamsSession?, metrics: [HParamsMetric],
                       createdAt: Double) -> [Tensorboard_Event] {
        var events = [event(wallTime: createdAt, step: 0, what: .fileVersion(EventFile.fileVersion))]
        if hparams != nil || !metrics.isEmpty {
            let experiment = HParamsProto.experiment(hparams: hparams?.hparams ?? [:], metrics: metrics,
                                                     created: hparams?.startTime ?? createdAt)
            events.append(pluginEvent(tag: HParamsProto.experimentTag, wallTime: hparams?.startTime ?? createdAt,
                                      data: .experiment(experiment)))
        }
        if let session = hparams {
            events.append(pluginEvent(tag: HParamsProto.sessionStartTag, wallTime: session.startTime,
                                      data: .sessionStartInfo(HParamsProto.sessionStart(session))))
        }
        for point in scalars {
            var value = Tensorboard_Summary.Value()
            value.tag = point.tag
            value.simpleValue = point.value
            events.append(event(wallTime: point.wallTime, step: point.step, what: .summary(summary(value))))
        }
        if let end = hparams?.end {
            events.append(pluginEvent(tag: HParamsProto.sessionEndTag, wallTime: end.time,
                                      data: .sessionEndInfo(HParamsProto.sessionEnd(end))))
        }
        return events
    }

    static func bytes(of events: [Tensorboard_Event]) -> [UInt8] {
        var out: [UInt8] = []
        for e in events { TFRecord.append(serialized(e), to: &out) }
        return out
    }

    // Map fields (the hparams) come out in key order rather than Dictionary order, so a
    // regenerated file is byte-identical to the first.
    static func serialized<M: Message>(_ message: M) -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        do {
            return try message.serializedBytes(partial: true, options: options)
        } catch {
            // Only missing required fields make serialization throw, and proto3 has none.
            preconditionFailure("serializing \(M.protoMessageName) failed: \(error)")
        }
    }

    private static func event(wallTime: Double, step: Int64, what: Tensorboard_Event.OneOf_What) -> Tensorboard_Event {
        var e = Tensorboard_Event()
        e.wallTime = wallTime
        e.step = step
        e.what = what
        return e
    }

    private static func summary(_ value: Tensorboard_Summary.Value) -> Tensorboard_Summary {
        var s = Tensorboard_Summary()
        s.value = [value]
        return s
    }

    private static func pluginEvent(tag: String, wallTime: Double,
                                    data: Tensorboard_Hparams_HParamsPluginData.OneOf_Data) -> Tensorboard_Event {
        var pluginData = Tensorboard_Hparams_HParamsPluginData()
        pluginData.version = HParamsProto.pluginDataVersion
        pluginData.data = data
        var value = Tensorboard_Summary.Value()
        value.tag = tag
        value.metadata.pluginData.pluginName = HParamsProto.pluginName
        value.metadata.pluginData.content = Data(serialized(pluginData))
        return event(wallTime: wallTime, step: 0, what: .summary(summary(value)))
    }
}
