import NIOCore

/// Closes a connection that has not sent a whole HTTP request head (up to its blank line)
/// within a deadline of its opening: a client that connects and says nothing, or sends its
/// headers a byte at a time, would otherwise hold a socket and a file descriptor for ever,
/// before it has shown any key. Put first in the pipeline, it only looks for the head's end
/// (CR LF CR LF) in the bytes going by; after that it passes everything through untouched.
final class RequestHeadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?
    /// Bytes of CR LF CR LF seen at the end of what has arrived so far; 4 once the head is whole.
    private var matched = 0

    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if matched < 4 {
            let buffer = unwrapInboundIn(data)
            buffer.withUnsafeReadableBytes { bytes in
                for byte in bytes where matched < 4 {
                    let wanted: UInt8 = matched % 2 == 0 ? 13 : 10  // CR, LF, CR, LF
                    matched = byte == wanted ? matched + 1 : (byte == 13 ? 1 : 0)
                }
            }
            if matched == 4 {
                timer?.cancel()
                timer = nil
            }
        }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil, matched < 4 else { return }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: deadline) { channel.close(promise: nil) }
    }
}
