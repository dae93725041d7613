using Kumo.Sandbox;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>Makes <see cref="FakeSandbox"/>es named sb-1, sb-2 … and keeps every one it made.</summary>
internal sealed class FakeSandboxDriver : ISandboxDriver
{
    public string Name => "fake";

    public bool Isolates => false;

    public List<FakeSandbox> Created { get; } = [];

    /// <summary>When set, the next creation fails with it.</summary>
    public Exception? FailNext { get; set; }

    public Task<ISandbox> CreateAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        if (FailNext is { } failure)
        {
            FailNext = null;
            return Task.FromException<ISandbox>(failure);
        }

        var sandbox = new FakeSandbox($"sb-{Created.Count + 1}", spec);
        Created.Add(sandbox);
        return Task.FromResult<ISandbox>(sandbox);
    }
}
