using System.Text;

namespace Kumo.Init;

/// <summary>
/// Tells the worker, through the runtime's own stdout and stderr, that the runtime has answered: when a request
/// to <c>/invocation/ID/response</c>, <c>/invocation/ID/error</c> or <c>/init/error</c> passes through the relay,
/// a marker line naming it is written to both streams before the end of the request goes on. Everything the
/// runtime wrote before it answered is ahead of the marker in the same streams — runc copies each stream in
/// order — so when the worker reads the marker, the invocation's log is complete.
/// </summary>
/// <remarks>
/// An answer with a length is marked once its headers have passed: the host cannot take it before that. A streamed
/// answer (<c>Transfer-Encoding: chunked</c>) is followed chunk by chunk and marked only when its last chunk and its
/// trailers pass, because the runtime goes on running the function, and writing its log, while it streams.
/// </remarks>
/// <param name="mark">Writes the marker line for a key: the request id, or <c>init</c>.</param>
internal sealed class AnswerMarkers(Action<string> mark)
{
    private static readonly byte[] Invocation = "POST /2018-06-01/runtime/invocation/"u8.ToArray();
    private static readonly byte[] InitError = "POST /2018-06-01/runtime/init/error"u8.ToArray();
    private static readonly byte[] TransferEncoding = "transfer-encoding:"u8.ToArray();
    private const int MaxIdLength = 128;

    // Enough of a header or chunk-size line to read what matters in it; the rest of a longer line is skipped.
    private const int MaxLineLength = 256;

    private readonly byte[] _line = new byte[MaxLineLength];
    private byte[] _carry = [];
    private State _state = State.Seeking;
    private string _key = "";
    private bool _chunked;
    private long _chunkLeft;
    private int _lineKept;
    private int _lineLength;

    private enum State
    {
        /// <summary>Looking for the request line of an answer.</summary>
        Seeking,

        /// <summary>In an answer's headers (from the rest of its request line to the empty line).</summary>
        Headers,

        /// <summary>A streamed answer: the line that gives the next chunk's size.</summary>
        ChunkSize,

        /// <summary>A streamed answer: the bytes of a chunk.</summary>
        ChunkData,

        /// <summary>A streamed answer: the line end after a chunk's bytes.</summary>
        ChunkEnd,

        /// <summary>A streamed answer: the trailers after the last chunk, up to the empty line.</summary>
        Trailers,
    }

    /// <summary>Looks for answers in bytes on their way from the runtime to the worker.</summary>
    public void Scan(ReadOnlySpan<byte> received)
    {
        // Keep the tail of the previous read, so that a request line split across two reads is still found.
        var data = new byte[_carry.Length + received.Length];
        _carry.CopyTo(data, 0);
        received.CopyTo(data.AsSpan(_carry.Length));
        _carry = [];
        var at = 0;
        while (at < data.Length)
        {
            if (_state != State.Seeking)
            {
                at = Follow(data, at);
                continue;
            }

            if (!Seek(data, ref at))
            {
                // Nothing more: keep what could be the start of a request line cut off by the end of this read.
                _carry = data[at..];
                return;
            }
        }
    }

    /// <summary>
    /// Finds the next answer's request line from <paramref name="at"/> and moves past it into its headers (true); or
    /// false, with <paramref name="at"/> where the bytes worth keeping for the next read start.
    /// </summary>
    private bool Seek(byte[] data, ref int at)
    {
        for (var i = at; i < data.Length; i++)
        {
            var rest = data.AsSpan(i);
            if (rest.StartsWith(InitError))
            {
                at = Begin("init", i + InitError.Length);
                return true;
            }

            if (!rest.StartsWith(Invocation))
            {
                continue;
            }

            var tail = rest[Invocation.Length..];
            var slash = tail.IndexOf((byte)'/');
            if (slash < 0 && tail.Length < MaxIdLength)
            {
                at = i; // The id is not all here yet: keep it for the next read.
                return false;
            }

            if (slash > 0 && (tail[(slash + 1)..].StartsWith("response"u8) || tail[(slash + 1)..].StartsWith("error"u8)))
            {
                at = Begin(Encoding.ASCII.GetString(tail[..slash]), i + Invocation.Length + slash);
                return true;
            }

            i += Invocation.Length - 1;
        }

        at = Math.Max(at, data.Length - (Invocation.Length + MaxIdLength));
        return false;
    }

    private int Begin(string key, int at)
    {
        _key = key;
        _chunked = false;
        _lineKept = 0;
        _lineLength = 0;
        _state = State.Headers;
        return at;
    }

    /// <summary>Follows an answer's headers and, for a streamed answer, its chunks; returns how far it read.</summary>
    private int Follow(byte[] data, int at)
    {
        if (_state == State.ChunkData)
        {
            var take = (int)Math.Min(_chunkLeft, data.Length - at);
            _chunkLeft -= take;
            if (_chunkLeft == 0)
            {
                _state = State.ChunkEnd;
            }

            return at + take;
        }

        for (; at < data.Length; at++)
        {
            var b = data[at];
            if (b != '\n')
            {
                if (_lineKept < MaxLineLength)
                {
                    _line[_lineKept++] = b;
                }

                _lineLength++;
                continue;
            }

            var line = _line.AsSpan(0, _lineKept);
            var empty = _lineLength == 0 || (_lineLength == 1 && line[0] == '\r');
            OnLine(line.TrimEnd("\r"u8), empty);
            _lineKept = 0;
            _lineLength = 0;
            return at + 1;
        }

        return at;
    }

    private void OnLine(ReadOnlySpan<byte> line, bool empty)
    {
        switch (_state)
        {
            case State.Headers when empty:
                if (_chunked)
                {
                    _state = State.ChunkSize;
                }
                else
                {
                    Answered();
                }

                break;
            case State.Headers:
                if (line.Length >= TransferEncoding.Length && Ascii.EqualsIgnoreCase(line[..TransferEncoding.Length], TransferEncoding))
                {
                    var value = Encoding.ASCII.GetString(line[TransferEncoding.Length..]);
                    _chunked |= value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }

                break;
            case State.ChunkSize:
                if (!TryParseChunkSize(line, out var size))
                {
                    // Not a chunked body after all: the host will refuse it; the worker must not wait for it.
                    Answered();
                }
                else if (size == 0)
                {
                    _state = State.Trailers;
                }
                else
                {
                    _chunkLeft = size;
                    _state = State.ChunkData;
                }

                break;
            case State.ChunkEnd:
                _state = State.ChunkSize;
                break;
            case State.Trailers when empty:
                Answered();
                break;
        }
    }

    private void Answered()
    {
        _state = State.Seeking;
        mark(_key);
    }

    /// <summary>A chunk-size line: hexadecimal digits, then perhaps extensions after <c>;</c>.</summary>
    private static bool TryParseChunkSize(ReadOnlySpan<byte> line, out long size)
    {
        size = 0;
        var digits = 0;
        foreach (var b in line)
        {
            var value = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (value < 0)
            {
                break;
            }

            if (++digits > 15)
            {
                return false;
            }

            size = (size * 16) + value;
        }

        return digits > 0;
    }
}
