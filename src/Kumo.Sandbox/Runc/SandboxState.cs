namespace Kumo.Sandbox.Runc;

/// <summary>
/// Where a runc sandbox is in its life. A stem cell goes Stem → Specialising → Specialised; a sandbox started for its
/// function starts Specialised; every sandbox ends Dead. Each step is a compare-and-swap, and none goes back: a
/// sandbox takes one function, once.
/// </summary>
internal enum SandboxState
{
    /// <summary>A stem cell: limits in force, no function, waiting for the hand-over.</summary>
    Stem,

    /// <summary>A stem cell whose function is being handed over: its code is being mounted.</summary>
    Specialising,

    /// <summary>A sandbox of one function: it runs that function's invocations.</summary>
    Specialised,

    /// <summary>Crashed, timed out, failed to specialise or disposed: it must be disposed, never reused.</summary>
    Dead,
}
