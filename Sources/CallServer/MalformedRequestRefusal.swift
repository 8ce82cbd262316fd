import NIOCore
import NIOHTTP1

/// Answers a request NIO's HTTP decoder cannot parse (a garbage line, `HTTP/9.9`, a header
/// with no colon, a head over the size limits) with 400 and closes the connection.
///
/// The AudioHook endpoint's pipeline leaves protocol errors to Hummingbird, but a request
/// that fails to parse before the WebSocket upgrade is decided reaches no one: it got no reply,
/// and its connection stayed open (the ``RequestHeadDeadline`` had seen a whole head), holding
/// a file descriptor and a graceful shutdown until the client left. Placed right after the
/// decoder, it only sees that decoder's errors; everything else passes by untouched.
final class MalformedRequestRefusal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Never
    typealias OutboundOut = HTTPServerResponsePart

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
