namespace Kumo.Invocation.Worker;

/// <summary>What became of a <see cref="WarmStarter.StartAsync"/>: a sandbox idle, initialised and listed with its function's coordinator, or why not.</summary>
/// <param name="Outcome">Whether it started, and if not, what stopped it.</param>
/// <param name="SandboxId">The sandbox, when it started.</param>
/// <param name="Failure">Why it did not start, in a sentence; null when it did.</param>
internal sealed record WarmStart(WarmStartOutcome Outcome, string? SandboxId, string? Failure)
{
    /// <summary>Whether the sandbox is idle and listed.</summary>
    public bool Started => Outcome == WarmStartOutcome.Started;

    public static WarmStart Ok(string sandboxId) => new(WarmStartOutcome.Started, sandboxId, null);

    public static WarmStart Failed(WarmStartOutcome outcome, string failure) => new(outcome, null, failure);
}

/// <summary>How a warm start ended.</summary>
internal enum WarmStartOutcome
{
    /// <summary>The sandbox is initialised, idle and listed with its function's coordinator.</summary>
    Started,

    /// <summary>The node's memory budget has no room for it, even after removing idle sandboxes and stems.</summary>
    NoMemory,

    /// <summary>The sandbox could not be made (its code, the driver).</summary>
    CreateFailed,

    /// <summary>The function's initialisation failed (an init error, a crash, the init timeout); the sandbox is removed.</summary>
    InitFailed,

    /// <summary>The coordinator did not list it (the function changed meanwhile, or it could not be reached); the sandbox is removed.</summary>
    Refused,
}
