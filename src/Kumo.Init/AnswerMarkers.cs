using System.Text;

namespace Kumo.Init;

/// <summary>
/// Tells the worker, through the runtime's own stdout and stderr, that the runtime has answered: when a request
/// to <c>/invocation/ID/response</c>, <c>/invocation/ID/error</c> or <c>/init/error</c> starts to pass through
/// the relay, a marker line naming it is written to both streams before the request goes on. Everything the
/// runtime wrote before it answered is ahead of the marker in the same streams — runc copies each stream in
/// order — so when the worker reads the marker, the invocation's log is complete.
/// </summary>
internal sealed class AnswerMarkers(string nonce)
{
    private static readonly byte[] Invocation = "POST /2018-06-01/runtime/invocation/"u8.ToArray();
    private static readonly byte[] InitError = "POST /2018-06-01/runtime/init/error"u8.ToArray();
    private const int MaxIdLength = 128;

    private byte[] _carry = [];

    /// <summary>Looks for answers in bytes on their way from the runtime to the worker.</summary>
    public void Scan(ReadOnlySpan<byte> received)
    {
        // Keep the tail of the previous read, so that a request line split across two reads is still found.
        var data = new byte[_carry.Length + received.Length];
        _carry.CopyTo(data, 0);
        received.CopyTo(data.AsSpan(_carry.Length));
        var consumed = 0;
        for (var at = 0; at < data.Length; at++)
        {
            var rest = data.AsSpan(at);
            if (rest.StartsWith(InitError))
            {
                Mark("init");
                consumed = at + InitError.Length;
            }
            else if (rest.StartsWith(Invocation))
            {
                var tail = rest[Invocation.Length..];
                var slash = tail.IndexOf((byte)'/');
                if (slash < 0 && tail.Length < MaxIdLength)
                {
                    break; // The id is not all here yet: keep it for the next read.
                }

                if (slash > 0 && (tail[(slash + 1)..].StartsWith("response"u8) || tail[(slash + 1)..].StartsWith("error"u8)))
                {
                    Mark(Encoding.ASCII.GetString(tail[..slash]));
                }

                consumed = at + Invocation.Length;
            }
        }

        var keepFrom = Math.Max(consumed, data.Length - (Invocation.Length + MaxIdLength));
        _carry = data[Math.Min(keepFrom, data.Length)..];
    }

    private unsafe void Mark(string key)
    {
        // One write(2) of under PIPE_BUF bytes is atomic: the marker never interleaves with the runtime's output.
        // Raw writes, not Console: Console initialises itself lazily, which can fail once the function has
        // used up the sandbox's process limit.
        var line = Encoding.ASCII.GetBytes($"\u001fkumo-drain:{nonce}:{key}\n");
        fixed (byte* bytes = line)
        {
            _ = Native.Write(1, bytes, line.Length);
            _ = Native.Write(2, bytes, line.Length);
        }
    }
}
