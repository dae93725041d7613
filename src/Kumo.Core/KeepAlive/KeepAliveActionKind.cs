namespace Kumo.Core.KeepAlive;

/// <summary>What a due <see cref="KeepAliveAction{TFunction, TInstance}"/> asks for.</summary>
public enum KeepAliveActionKind
{
    /// <summary>Unload an idle sandbox: its keep-alive has run out.</summary>
    Unload,

    /// <summary>Load a sandbox for a function whose next invocation is expected soon, and keep it until the action's end.</summary>
    PreWarm,
}
