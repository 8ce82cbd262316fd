import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// A server's child channel (`Inner`, e.g. Hummingbird's HTTP/1 channel with its WebSocket
/// upgrade) guarded against clients that never make a proper first request: a
/// ``RequestHeadDeadline`` in front (every connection must send its request head within
/// `deadline` of opening) and a ``MalformedRequestRefusal`` after its HTTP decoder (a first
/// head that does not parse is answered 400 and closed).
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let deadline: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadDeadline(deadline: deadline), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            // Right after the HTTP decoder, where its parse errors arrive (an inner channel
            // without one, e.g. HTTP/2, is left as it is).
            if let decoder = try? channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) {
                try channel.pipeline.syncOperations.addHandler(MalformedRequestRefusal(), position: .after(decoder))
            }
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
