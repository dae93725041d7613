using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Tests;

public sealed class MarkdownReportTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"kumo-bench-report-{Guid.NewGuid():N}.md");

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData(MarkdownReport.KeptMarker)]
    [InlineData("<!-- Sections below are written by other benchmarks; Kumo.Bench keeps them as they are. -->")]
    public async Task WriteAsync_AFileWithTheMarker_ReplacesWhatIsAboveAndKeepsWhatIsBelow(string marker)
    {
        await File.WriteAllTextAsync(_file, $"# Old figures\n\nold numbers\n\n{marker}\n\n## Keep-alive policies (simulated)\n\nkept table\n");

        await MarkdownReport.WriteAsync(_file, "# Benchmarks\n\nnew numbers\n");

        Assert.Equal($"# Benchmarks\n\nnew numbers\n\n{MarkdownReport.KeptMarker}\n\n## Keep-alive policies (simulated)\n\nkept table\n", await File.ReadAllTextAsync(_file));
    }

    [Fact]
    public async Task WriteAsync_NoFileYet_WritesTheReportAndTheMarker()
    {
        await MarkdownReport.WriteAsync(_file, "# Benchmarks\n");

        Assert.Equal($"# Benchmarks\n\n{MarkdownReport.KeptMarker}\n", await File.ReadAllTextAsync(_file));
    }
}
