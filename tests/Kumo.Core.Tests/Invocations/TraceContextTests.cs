using Kumo.Core.Invocations;

namespace Kumo.Core.Tests.Invocations;

public sealed class TraceContextTests
{
    private const string Root = "1-5759e988-bd862e3fe1be46a994272793";
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_AmznTraceId_TakesRootParentAndSampled()
    {
        var trace = TraceContext.From($"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1", null, Now);

        Assert.Equal(new TraceContext(Root, "53995c3f42cd8ad8", true), trace);
    }

    [Fact]
    public void From_AmznTraceIdWithSpacesAndOtherFields_IsParsed()
    {
        var trace = TraceContext.From($" Self=1-67891233-abcdef012345678912345678 ; Root={Root} ; Sampled=0 ; Lineage=a:1", TraceParent, Now);

        Assert.Equal(new TraceContext(Root, null, false), trace);
    }

    [Fact]
    public void From_AmznTraceIdWithUppercaseParent_LowersIt()
    {
        var trace = TraceContext.From($"Root={Root};Parent=53995C3F42CD8AD8", null, Now);

        Assert.Equal("53995c3f42cd8ad8", trace.Parent);
        Assert.False(trace.Sampled);
    }

    [Theory]
    [InlineData("Parent=53995c3f42cd8ad")]
    [InlineData("Parent=53995c3f42cd8ad8a")]
    [InlineData("Parent=53995c3f42cd8adz")]
    public void From_AmznTraceIdWithMalformedParent_DropsTheParent(string parent)
    {
        var trace = TraceContext.From($"Root={Root};{parent};Sampled=1", null, Now);

        Assert.Equal(new TraceContext(Root, null, true), trace);
    }

    [Theory]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e98-bd862e3fe1be46a9942727930")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279z")]
    [InlineData("Root=1_5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("garbage")]
    public void From_MalformedRoot_FallsBackToTraceParent(string amzn)
    {
        var trace = TraceContext.From(amzn, TraceParent, Now);

        Assert.Equal(new TraceContext("1-4bf92f35-77b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true), trace);
    }

    [Fact]
    public void From_TraceParentOnly_ConvertsItToXRayForm()
    {
        var trace = TraceContext.From(null, TraceParent, Now);

        Assert.Equal(new TraceContext("1-4bf92f35-77b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true), trace);
    }

    [Theory]
    [InlineData("00", false)]
    [InlineData("01", true)]
    [InlineData("03", true)]
    [InlineData("02", false)]
    public void From_TraceParentFlags_GiveSampledFromTheLowestBit(string flags, bool sampled)
    {
        var trace = TraceContext.From("", $"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-{flags}", Now);

        Assert.Equal(sampled, trace.Sampled);
        Assert.Equal("1-4bf92f35-77b34da6a3ce929d0e0e4736", trace.Root);
    }

    [Fact]
    public void From_UppercaseTraceParent_IsLowered()
    {
        var trace = TraceContext.From(null, " 00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01 ", Now);

        Assert.Equal(new TraceContext("1-4bf92f35-77b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true), trace);
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736")]
    public void From_InvalidTraceParent_MakesANewTrace(string traceParent)
    {
        var trace = TraceContext.From(null, traceParent, Now);

        Assert.StartsWith($"1-{Now.ToUnixTimeSeconds():x8}-", trace.Root, StringComparison.Ordinal);
        Assert.Null(trace.Parent);
        Assert.False(trace.Sampled);
    }

    [Fact]
    public void From_NoHeaders_MakesARootFromTheTimeAndRandomDigits()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(0x5759e988);

        var first = TraceContext.From(null, null, now);
        var second = TraceContext.From("  ", "", now);

        Assert.Matches("^1-5759e988-[0-9a-f]{24}$", first.Root);
        Assert.Matches("^1-5759e988-[0-9a-f]{24}$", second.Root);
        Assert.NotEqual(first.Root, second.Root);
        Assert.Null(first.Parent);
        Assert.False(first.Sampled);
    }

    [Fact]
    public void From_NoHeaders_RootIsAcceptedWhenSentBack()
    {
        var made = TraceContext.From(null, null, Now);

        Assert.Equal(made, TraceContext.From(made.Header, null, Now.AddHours(1)));
    }

    [Fact]
    public void Header_WithParent_NamesRootParentAndSampled()
    {
        var trace = new TraceContext(Root, "53995c3f42cd8ad8", true);

        Assert.Equal($"Root={Root};Parent=53995c3f42cd8ad8;Sampled=1", trace.Header);
    }

    [Fact]
    public void Header_WithoutParent_LeavesParentOut()
    {
        var trace = new TraceContext(Root, null, false);

        Assert.Equal($"Root={Root};Sampled=0", trace.Header);
    }
}
