using Kumo.Invocation.Worker;

namespace Kumo.Invocation.Tests.Worker;

public sealed class ProcMemInfoTests
{
    private static readonly string[] Lines =
    [
        "MemTotal:        1811432 kB",
        "MemFree:          120000 kB",
        "MemAvailable:     921600 kB",
    ];

    [Fact]
    public void Parse_KnownField_IsInMegabytes()
    {
        Assert.Equal(1768, ProcMemInfo.Parse(Lines, "MemTotal:"));
        Assert.Equal(900, ProcMemInfo.Parse(Lines, "MemAvailable:"));
    }

    [Fact]
    public void Parse_MissingOrGarbledField_IsNull()
    {
        Assert.Null(ProcMemInfo.Parse(Lines, "SwapTotal:"));
        Assert.Null(ProcMemInfo.Parse(["MemAvailable: lots"], "MemAvailable:"));
    }

    [Fact]
    public void AvailableMb_OnThisMachine_IsReadAndAtMostTheTotal()
    {
        var memory = new ProcMemInfo();

        Assert.NotNull(memory.TotalMb);
        Assert.InRange(memory.AvailableMb()!.Value, 1, memory.TotalMb!.Value);
    }
}
