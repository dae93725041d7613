using Kumo.Invocation.Worker;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>A machine whose available memory the test sets.</summary>
internal sealed class FakeHostMemory : IHostMemory
{
    public long? TotalMb { get; set; } = 16 * 1024;

    public long? Available { get; set; } = 8 * 1024;

    public long? AvailableMb() => Available;
}
