using System.Collections.Concurrent;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>The sessions of the live sandboxes, by sandbox id.</summary>
internal sealed class SandboxRegistry
{
    private readonly ConcurrentDictionary<string, SandboxSession> _sessions = new(StringComparer.Ordinal);

    public void Add(SandboxSession session)
    {
        if (!_sessions.TryAdd(session.SandboxId, session))
        {
            throw new InvalidOperationException($"sandbox {session.SandboxId} is already registered");
        }
    }

    public void Remove(string sandboxId) => _sessions.TryRemove(sandboxId, out _);

    /// <summary>Whether some sandbox's PID 1 is not known yet: runc has not written its pid file.</summary>
    public bool AnyStarting => _sessions.Values.Any(s => s.InitPid == 0);

    /// <summary>The session whose PID 1 (kumo-init) has this host pid, if any.</summary>
    public SandboxSession? FindByInitPid(int pid) => pid <= 0 ? null : _sessions.Values.FirstOrDefault(s => s.InitPid == pid);
}
