using Kumo.Abstractions.Functions;
using Kumo.Invocation.Worker;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>An invocation a <see cref="KeepAliveTestBed"/> started: its function, its sandbox, and whether that was warm.</summary>
internal sealed record KeepAliveInvocation(FunctionConfiguration Function, WorkerSandbox Sandbox, bool Warm);
