import NIOCore
import NIOHTTP1

/// Answers a first request head NIO's HTTP decoder cannot parse (a garbage line, `HTTP/9.9`, a
/// header with no colon, a head over the size limits) with 400 and closes the connection.
///
/// The AudioHook endpoint's pipeline leaves protocol errors to Hummingbird, but a head that
/// fails to parse before the WebSocket upgrade is decided reaches no one: it got no reply, and
/// its connection stayed open (the ``RequestHeadDeadline`` had seen a whole head), holding a
/// file descriptor and a graceful shutdown until the client left. Placed right after the
/// decoder, it steps aside once a first head has parsed: from then on Hummingbird answers (or
/// a response may be under way, which a 400 must not cut into).
final class MalformedRequestRefusal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let isHead = if case .head = unwrapInboundIn(data) { true } else { false }
        // Passed on first: a handler removed from the pipeline can no longer pass anything on.
        context.fireChannelRead(data)
        if isHead { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
