using System.Text;
using Kumo.Gateway.Lambda.Invoke;

namespace Kumo.Gateway.Tests.Lambda.Invoke;

public sealed class LogTailTests
{
    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    [Fact]
    public void Encode_ShortLog_ReturnsAllOfIt()
    {
        const string log = "START RequestId: 1\nhello\nEND RequestId: 1\n";

        Assert.Equal(log, Decode(LogTail.Encode(log)));
    }

    [Fact]
    public void Encode_LongLog_ReturnsWholeLastLinesWithin4Kb()
    {
        var log = string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i:D4} of the log\n"));

        var bytes = Convert.FromBase64String(LogTail.Encode(log));
        var tail = Encoding.UTF8.GetString(bytes);

        Assert.True(bytes.Length <= LogTail.MaxBytes, $"{bytes.Length} bytes");
        Assert.True(bytes.Length > LogTail.MaxBytes - 30, $"{bytes.Length} bytes");
        Assert.EndsWith("line 0499 of the log\n", tail, StringComparison.Ordinal);
        Assert.StartsWith("line ", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_OneLongLineOfMultibyteCharacters_CutsAtACharacter()
    {
        // 8005 bytes: the 4096-byte window begins inside an 'é'.
        var log = new string('é', 3000) + "😀" + new string('ü', 1000) + "!";

        var bytes = Convert.FromBase64String(LogTail.Encode(log));

        Assert.Equal(LogTail.MaxBytes - 1, bytes.Length);
        var tail = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain('\uFFFD', tail);
        Assert.EndsWith("😀" + new string('ü', 1000) + "!", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WindowStartsInsideASurrogatePair_DropsTheHalfCharacter()
    {
        var log = "a" + string.Concat(Enumerable.Repeat("😀", 2100)) + "z";

        var bytes = Convert.FromBase64String(LogTail.Encode(log));

        Assert.True(bytes.Length <= LogTail.MaxBytes);
        var tail = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain('\uFFFD', tail);
        Assert.StartsWith("😀", tail, StringComparison.Ordinal);
        Assert.EndsWith("😀z", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_EmptyLog_ReturnsEmpty()
    {
        Assert.Equal("", LogTail.Encode(""));
    }
}
