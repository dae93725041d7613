using Kumo.Abstractions.Invocations;
using Kumo.Invocation.Records;
using Kumo.Sandbox.Invocations;

namespace Kumo.Invocation.Tests.Records;

public sealed class InvocationLogTests
{
    private static readonly DateTimeOffset Arrived = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly InvocationRecord Record = new()
    {
        TenantId = "default",
        RequestId = "8f5c1c36-4a3c-4c6e-9a1e-5f0f3b1f2c11",
        TraceId = "1-5759e988-bd862e3fe1be46a994272793",
        FunctionName = "echo",
        Trigger = "api",
        StartedAt = Arrived,
        DurationMs = 12.3456,
        BilledDurationMs = 13,
        MemorySizeMb = 128,
        MaxMemoryUsedMb = 41,
        Outcome = InvocationOutcome.Success,
    };

    [Fact]
    public void Build_ColdStart_PutsInitLinesBetweenInitStartAndStart()
    {
        var record = Record with { Cold = true, InitDurationMs = 250.5 };
        var output = new[]
        {
            Line(10, "importing modules"),
            Line(20, "init done"),
            Line(310, "handling event"),
            Line(320, "returning"),
        };

        var lines = InvocationLog.Build(record, "python3.12", output, At(300), At(330));

        Assert.Equal(
            [
                "INIT_START Runtime Version: python3.12",
                "importing modules",
                "init done",
                $"START RequestId: {record.RequestId} Version: $LATEST",
                "handling event",
                "returning",
                $"END RequestId: {record.RequestId}",
                InvocationLog.Report(record),
            ],
            lines.Select(l => l.Text));
        Assert.Equal([At(0), At(10), At(20), At(300), At(310), At(320), At(330), At(330)], lines.Select(l => l.Timestamp));
    }

    [Fact]
    public void Build_ColdStartWithInitLineBeforeArrival_StampsInitStartAtThatLine()
    {
        var record = Record with { Cold = true };

        var lines = InvocationLog.Build(record, "nodejs20.x", [Line(-5, "early")], At(100), At(150));

        Assert.Equal(["INIT_START Runtime Version: nodejs20.x", "early"], lines.Take(2).Select(l => l.Text));
        Assert.Equal(At(-5), lines[0].Timestamp);
        AssertNonDecreasing(lines);
    }

    [Fact]
    public void Build_ColdStartWithoutOutput_HasOnlyThePlatformLines()
    {
        var record = Record with { Cold = true };

        var lines = InvocationLog.Build(record, "provided.al2023", [], At(40), At(50));

        Assert.Equal(
            [
                "INIT_START Runtime Version: provided.al2023",
                $"START RequestId: {record.RequestId} Version: $LATEST",
                $"END RequestId: {record.RequestId}",
                InvocationLog.Report(record),
            ],
            lines.Select(l => l.Text));
        Assert.Equal([At(0), At(40), At(50), At(50)], lines.Select(l => l.Timestamp));
    }

    [Fact]
    public void Build_ColdStartLineAtTheHandlerStart_BelongsToTheHandler()
    {
        var record = Record with { Cold = true };

        var lines = InvocationLog.Build(record, "python3.12", [Line(99, "init"), Line(100, "handler")], At(100), At(120));

        Assert.Equal(
            ["INIT_START Runtime Version: python3.12", "init", $"START RequestId: {record.RequestId} Version: $LATEST", "handler"],
            lines.Take(4).Select(l => l.Text));
    }

    [Fact]
    public void Build_ColdStartLinesOutOfTimeOrder_KeepsEachLineExactlyOnce()
    {
        var record = Record with { Cold = true };

        var lines = InvocationLog.Build(record, "python3.12", [Line(101, "handler"), Line(99, "init")], At(100), At(120));

        Assert.Equal(
            ["INIT_START Runtime Version: python3.12", "init", $"START RequestId: {record.RequestId} Version: $LATEST", "handler"],
            lines.Take(4).Select(l => l.Text));
        Assert.Equal(6, lines.Count);
    }

    [Fact]
    public void Build_WarmStart_HasNoInitStartAndEveryLineAfterStart()
    {
        var record = Record with { Cold = false, Version = "3" };
        var output = new[] { Line(110, "one"), Line(115, "two") };

        var lines = InvocationLog.Build(record, "python3.12", output, At(100), At(130));

        Assert.Equal(
            [
                $"START RequestId: {record.RequestId} Version: 3",
                "one",
                "two",
                $"END RequestId: {record.RequestId}",
                InvocationLog.Report(record),
            ],
            lines.Select(l => l.Text));
        Assert.DoesNotContain(lines, l => l.Text.StartsWith("INIT_START", StringComparison.Ordinal));
        AssertNonDecreasing(lines);
    }

    [Fact]
    public void Build_WarmStartWithLineStampedBeforeTheHandler_KeepsItAfterStart()
    {
        var record = Record with { Cold = false };

        var lines = InvocationLog.Build(record, "python3.12", [Line(90, "between invocations")], At(100), At(130));

        Assert.Equal($"START RequestId: {record.RequestId} Version: $LATEST", lines[0].Text);
        Assert.Equal("between invocations", lines[1].Text);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public void Build_LastLineAfterTheEnd_StampsEndAndReportNoEarlier()
    {
        var record = Record with { Cold = false };

        var lines = InvocationLog.Build(record, "python3.12", [Line(140, "late")], At(100), At(130));

        Assert.Equal(At(140), lines[^2].Timestamp);
        Assert.Equal(At(140), lines[^1].Timestamp);
        AssertNonDecreasing(lines);
    }

    [Fact]
    public void Report_Success_IsTabSeparatedAsOnLambda()
    {
        Assert.Equal(
            $"REPORT RequestId: {Record.RequestId}\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\t",
            InvocationLog.Report(Record));
    }

    [Fact]
    public void Report_ColdStart_AddsInitDuration()
    {
        var record = Record with { Cold = true, InitDurationMs = 250.5 };

        Assert.Equal(
            $"REPORT RequestId: {Record.RequestId}\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\tInit Duration: 250.50 ms\t",
            InvocationLog.Report(record));
    }

    [Fact]
    public void Report_UnknownMaxMemory_ShowsZero()
    {
        var record = Record with { MaxMemoryUsedMb = null, DurationMs = 1, BilledDurationMs = 1, MemorySizeMb = 512 };

        Assert.Equal(
            $"REPORT RequestId: {Record.RequestId}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 512 MB\tMax Memory Used: 0 MB\t",
            InvocationLog.Report(record));
    }

    [Theory]
    [InlineData(InvocationOutcome.FunctionError, "Runtime.ImportModuleError")]
    [InlineData(InvocationOutcome.Timeout, "Sandbox.Timedout")]
    [InlineData(InvocationOutcome.OutOfMemory, "Runtime.OutOfMemory")]
    public void Report_Failure_EndsWithErrorStatusAndType(InvocationOutcome outcome, string errorType)
    {
        var record = Record with { Outcome = outcome, ErrorType = errorType, InitDurationMs = 3 };

        Assert.Equal(
            $"REPORT RequestId: {Record.RequestId}\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\tInit Duration: 3.00 ms\tStatus: error\tError Type: {errorType}",
            InvocationLog.Report(record));
    }

    [Fact]
    public void Report_FailureWithoutErrorType_HasNoStatus()
    {
        var record = Record with { Outcome = InvocationOutcome.FunctionError, ErrorType = null };

        Assert.DoesNotContain("Status:", InvocationLog.Report(record), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.1, 1, 1)]
    [InlineData(1.0, 1, 1)]
    [InlineData(1.01, 1, 2)]
    [InlineData(0, 1, 1)]
    [InlineData(12.3456, 1, 13)]
    [InlineData(1, 100, 100)]
    [InlineData(100, 100, 100)]
    [InlineData(101, 100, 200)]
    [InlineData(0.5, 100, 100)]
    public void Billed_Duration_IsRoundedUpToTheGranularityAndAtLeastOneUnit(double durationMs, int granularityMs, long billed)
    {
        Assert.Equal(billed, InvocationLog.Billed(durationMs, granularityMs));
    }

    private static DateTimeOffset At(int milliseconds) => Arrived.AddMilliseconds(milliseconds);

    private static SandboxLogLine Line(int milliseconds, string text) => new(At(milliseconds), text);

    private static void AssertNonDecreasing(List<LogLine> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            Assert.True(lines[i - 1].Timestamp <= lines[i].Timestamp, $"line {i} ('{lines[i].Text}') is earlier than line {i - 1}");
        }
    }
}
