using Kumo.Core.Invocations;

namespace Kumo.Core.Tests.Invocations;

/// <summary>The trace header's Lineage, which counts the invocations of each function in a chain of events.</summary>
public sealed class TraceLineageTests
{
    private const string Root = "1-5759e988-bd862e3fe1be46a994272793";
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FunctionId_IsEightHexDigitsPerTenantAndFunction()
    {
        var id = TraceLineage.FunctionId("default", "thumbs");

        Assert.Matches("^[0-9a-f]{8}$", id);
        Assert.Equal(id, TraceLineage.FunctionId("default", "thumbs"));
        Assert.NotEqual(id, TraceLineage.FunctionId("default", "thumb"));
        Assert.NotEqual(id, TraceLineage.FunctionId("other", "thumbs"));
    }

    [Fact]
    public void Next_FirstInvocation_CountsZero_ThenOneMoreEachTime()
    {
        var lineage = TraceLineage.Empty.Next("a87bd80c");
        Assert.Equal("a87bd80c:0", lineage.ToString());

        lineage = TraceLineage.Parse(lineage.ToString())!.Next("a87bd80c");
        Assert.Equal("a87bd80c:1", lineage.ToString());
        Assert.Equal(1, lineage.CountOf("a87bd80c"));
        Assert.Equal(-1, lineage.CountOf("68fd508a"));
    }

    [Fact]
    public void Next_AnotherFunction_KeepsTheOthersCountsBehindIt()
    {
        var lineage = TraceLineage.Parse("a87bd80c:3|68fd508a:5")!.Next("68fd508a");

        Assert.Equal("68fd508a:6|a87bd80c:3", lineage.ToString());
    }

    [Fact]
    public void Next_ManyFunctions_KeepsTheMostRecent()
    {
        var lineage = TraceLineage.Empty;
        for (var i = 0; i < TraceLineage.MaxEntries + 3; i++)
        {
            lineage = lineage.Next(i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(TraceLineage.MaxEntries, lineage.Entries.Count);
        Assert.Equal("0000000c", lineage.Entries[0].Function);
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a87bd80c:15", "a87bd80c:15")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1%7C68fd508a:5", "a87bd80c:1|68fd508a:5")]
    [InlineData("Lineage=1:A87BD80C:2", "a87bd80c:2")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", "")]
    [InlineData("Lineage=a87bd80c", "")]
    [InlineData("Lineage=a87bd80:1", "")]
    [InlineData("Lineage=a87bd80c:x", "")]
    [InlineData("Lineage=a87bd80c:1|", "")]
    [InlineData("Lineage=%ZZ", "")]
    [InlineData("", "")]
    public void FromTraceHeader_ReadsAWellFormedLineage_ElseNone(string header, string expected)
    {
        Assert.Equal(expected, TraceLineage.FromTraceHeader(header).ToString());
    }

    [Fact]
    public void TraceContext_KeepsAWellFormedLineageInTheHeaderTheFunctionReceives()
    {
        var trace = TraceContext.From($"Root={Root};Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a87bd80c:3|68fd508a:0", null, Now);

        Assert.Equal("a87bd80c:3|68fd508a:0", trace.Lineage);
        Assert.Equal($"Root={Root};Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a87bd80c:3|68fd508a:0", trace.Header);
    }

    [Theory]
    [InlineData("Lineage=a:1")]
    [InlineData("Lineage=1:2:a87bd80c:1")]
    [InlineData("Lineage=")]
    public void TraceContext_MalformedLineage_IsLeftOut(string lineage)
    {
        var trace = TraceContext.From($"Root={Root};Sampled=1;{lineage}", null, Now);

        Assert.Null(trace.Lineage);
        Assert.Equal($"Root={Root};Sampled=1", trace.Header);
    }
}
