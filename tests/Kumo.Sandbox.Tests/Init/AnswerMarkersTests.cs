using System.Text;
using Kumo.Init;

namespace Kumo.Sandbox.Tests.Init;

/// <summary>
/// kumo-init's answer markers, fed the bytes a runtime sends to the Runtime API in reads of every size: an answer
/// with a length is marked at the end of its headers, a streamed (chunked) one only after its last chunk and
/// trailers, and nothing inside a streamed body is taken for a request.
/// </summary>
public sealed class AnswerMarkersTests
{
    private const string Id = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

    private const string Next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n\r\n";

    private const string Buffered =
        $"POST /2018-06-01/runtime/invocation/{Id}/response HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nContent-Length: 5\r\n\r\nhello";

    private const string StreamedHead =
        $"POST /2018-06-01/runtime/invocation/{Id}/response HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n" +
        "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n" +
        "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n";

    // A chunk that looks like another answer's request line, and one with an extension.
    private const string StreamedChunks =
        "6\r\nfirst;\r\n" +
        "2e\r\nPOST /2018-06-01/runtime/invocation/x/response\r\n" +
        "7;note=yes\r\nsecond;\r\n";

    public static TheoryData<int> ReadSizes => [1, 2, 7, 64, 100_000];

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void BufferedAnswer_IsMarkedOnceItsHeadersPass(int readSize)
    {
        var marks = Feed(Next + Buffered, readSize, out _);

        Assert.Equal([Id], marks);
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void StreamedAnswer_IsMarkedOnlyAfterItsLastChunkAndTrailers(int readSize)
    {
        var marks = Feed(Next + StreamedHead + StreamedChunks + "0\r\n", readSize, out var markers);
        Assert.Empty(marks);

        FeedMore(markers, "Lambda-Runtime-Function-Error-Type: RangeError\r\nLambda-Runtime-Function-Error-Body: e30=\r\n"u8.ToArray(), readSize);
        Assert.Empty(marks);

        FeedMore(markers, "\r\n"u8.ToArray(), readSize);
        Assert.Equal([Id], marks);
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void StreamedAnswerWithoutTrailers_ThenTheNextInvocation_AreBothMarked(int readSize)
    {
        var second = Buffered.Replace(Id, "second-id", StringComparison.Ordinal);

        var marks = Feed(Next + StreamedHead + StreamedChunks + "0\r\n\r\n" + Next + second, readSize, out _);

        Assert.Equal([Id, "second-id"], marks);
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void ErrorAndInitError_AreMarked(int readSize)
    {
        var error = $"POST /2018-06-01/runtime/invocation/{Id}/error HTTP/1.1\r\nContent-Length: 2\r\n\r\n{{}}";
        var initError = "POST /2018-06-01/runtime/init/error HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";

        Assert.Equal([Id], Feed(error, readSize, out _));
        Assert.Equal(["init"], Feed(initError, readSize, out _));
    }

    [Fact]
    public void LargeStreamedChunks_AreSkippedWithoutBeingRead()
    {
        var body = new string('x', 300_000);
        var streamed = StreamedHead + $"{body.Length:x}\r\n{body}\r\n0\r\n\r\n";

        Assert.Equal([Id], Feed(streamed, 65_536, out _));
    }

    private static List<string> Feed(string text, int readSize, out AnswerMarkers markers)
    {
        var marks = new List<string>();
        markers = new AnswerMarkers(marks.Add);
        FeedMore(markers, Encoding.ASCII.GetBytes(text), readSize);
        return marks;
    }

    private static void FeedMore(AnswerMarkers markers, byte[] bytes, int readSize)
    {
        for (var at = 0; at < bytes.Length; at += readSize)
        {
            markers.Scan(bytes.AsSpan(at, Math.Min(readSize, bytes.Length - at)));
        }
    }
}
