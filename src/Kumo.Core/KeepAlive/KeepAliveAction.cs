namespace Kumo.Core.KeepAlive;

/// <summary>One thing a <see cref="KeepAliveSchedule{TFunction, TInstance}"/> says is due.</summary>
/// <typeparam name="TFunction">What names a function.</typeparam>
/// <typeparam name="TInstance">What names a sandbox.</typeparam>
/// <param name="Kind">Unload a sandbox, or pre-warm one.</param>
/// <param name="At">When it was due.</param>
/// <param name="Function">The function.</param>
/// <param name="Instance">The sandbox to unload; the default value for a pre-warm.</param>
/// <param name="Until">For a pre-warm, until when to keep the new sandbox; <paramref name="At"/> for an unload.</param>
public readonly record struct KeepAliveAction<TFunction, TInstance>(
    KeepAliveActionKind Kind,
    DateTimeOffset At,
    TFunction Function,
    TInstance Instance,
    DateTimeOffset Until);
