import HummingbirdCore
import Logging
import NIOCore

/// A server's child channel (`Inner`, e.g. Hummingbird's HTTP/1 channel with its WebSocket
/// upgrade) with a ``RequestHeadDeadline`` in front: every connection must send its request
/// head within `deadline` of opening.
struct DeadlineChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let deadline: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadDeadline(deadline: deadline), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
