using System.Text;
using Kumo.Gateway.Http;

namespace Kumo.Gateway.Tests.Http;

public sealed class StreamingPreludeTests
{
    [Fact]
    public void Parse_StatusHeadersCookies_AreRead()
    {
        var prelude = StreamingPrelude.Parse("""{"statusCode":201,"headers":{"x-kind":"stream","x-n":3},"cookies":["a=1","b=2"]}"""u8, out var problem);

        Assert.Null(problem);
        Assert.NotNull(prelude);
        Assert.Equal(201, prelude.StatusCode);
        Assert.Equal([new("x-kind", "stream"), new("x-n", "3")], prelude.Headers);
        Assert.Equal(["a=1", "b=2"], prelude.Cookies);
    }

    [Fact]
    public void Parse_EmptyObject_Is200WithNothingElse()
    {
        var prelude = StreamingPrelude.Parse("{}"u8, out _);

        Assert.Equal(200, prelude!.StatusCode);
        Assert.Empty(prelude.Headers);
        Assert.Empty(prelude.Cookies);
    }

    [Theory]
    [InlineData("""{"statusCode":"ok"}""", "statusCode")]
    [InlineData("""{"statusCode":700}""", "statusCode")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{", "not valid JSON")]
    public void Parse_Invalid_SaysWhatIsWrong(string json, string expected)
    {
        var prelude = StreamingPrelude.Parse(Encoding.UTF8.GetBytes(json), out var problem);

        Assert.Null(prelude);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindDelimiter_FindsTheEightNulBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("{}\0\0\0\0\0\0\0\0body");

        Assert.Equal(2, StreamingPrelude.FindDelimiter(bytes));
        Assert.Equal(-1, StreamingPrelude.FindDelimiter(Encoding.UTF8.GetBytes("{}\0\0\0\0\0\0\0")));
    }
}
