using System.CommandLine;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Invocations;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo invocations get ID</c>: one invocation record and its log.</summary>
internal static class InvocationsGetCommand
{
    public static Command Create(CliConsole console)
    {
        var requestId = new Argument<string>("request-id") { Description = "The invocation's request id" };
        var json = new Option<bool>("--json") { Description = "Print the record and its log as JSON" };
        var command = new Command("get", "Show one invocation and its log") { requestId, json };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(requestId)!, parse.GetValue(json), console, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string endpointText, string requestId, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.GetAsync(
            $"{NativeApi.InvocationsPath}/{Uri.EscapeDataString(requestId)}", KumoJsonContext.Default.InvocationDetail, cancellationToken);
        if (answer.Value is not { } detail)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(detail, KumoJsonContext.Default.InvocationDetail));
            return ExitCodes.Success;
        }

        if (detail.Event is { } queued)
        {
            RenderEvent(queued, detail.Attempts ?? [], console.Out);
            console.Out.WriteLine();
        }

        if (detail.Invocation is { } invocation)
        {
            Render(invocation, console.Out);
            console.Out.WriteLine();
        }

        foreach (var line in detail.Logs)
        {
            console.Out.Profile.Out.Writer.WriteLine(CliFormat.LogLine(line));
        }

        return ExitCodes.Success;
    }

    private static void RenderEvent(EventEntry queued, IReadOnlyList<InvocationEntry> attempts, IAnsiConsole output)
    {
        var table = new Table().NoBorder().HideHeaders().AddColumn("field").AddColumn("value");
        table.AddRow("event", Markup.Escape($"{JsonNamingPolicy.CamelCase.ConvertName(queued.Status.ToString())} (asynchronous, {queued.Attempts} attempt(s))"));
        table.AddRow("accepted", CliFormat.Time(queued.EnqueuedAt));
        if (queued.NextAttemptAt is { } next)
        {
            table.AddRow("next attempt", CliFormat.Time(next));
        }

        if (queued.FinishedAt is { } finished)
        {
            table.AddRow("finished", CliFormat.Time(finished));
        }

        if (queued.Result is { } result)
        {
            var text = result.GetRawText();
            table.AddRow("result", Markup.Escape(text.Length > 200 ? text[..200] + "…" : text));
        }

        if (queued.LastError is { } error)
        {
            table.AddRow("last error", Markup.Escape(error.ReplaceLineEndings(" ")));
        }

        foreach (var attempt in attempts)
        {
            table.AddRow(
                $"attempt {CliFormat.Number(attempt.Attempt)}",
                $"{CliFormat.Time(attempt.StartedAt)} {CliFormat.Outcome(attempt.Outcome)} {CliFormat.Milliseconds(attempt.DurationMs)} ms");
        }

        output.Write(table);
    }

    private static void Render(InvocationEntry invocation, IAnsiConsole output)
    {
        var table = new Table().NoBorder().HideHeaders().AddColumn("field").AddColumn("value");
        table.AddRow("request id", Markup.Escape(invocation.RequestId));
        table.AddRow("function", Markup.Escape($"{invocation.FunctionName} ({invocation.Version})"));
        table.AddRow("outcome", CliFormat.Outcome(invocation.Outcome));
        if (invocation.ErrorType is not null || invocation.ErrorMessage is not null)
        {
            table.AddRow("error", Markup.Escape($"{invocation.ErrorType}: {invocation.ErrorMessage}"));
        }

        table.AddRow("started", CliFormat.Time(invocation.StartedAt));
        table.AddRow("trigger", Markup.Escape(invocation.Trigger));
        table.AddRow("duration", $"{CliFormat.Milliseconds(invocation.DurationMs)} ms (billed {CliFormat.Number(invocation.BilledDurationMs)} ms)");
        if (invocation.InitDurationMs is { } init)
        {
            table.AddRow("init", $"{CliFormat.Milliseconds(init)} ms");
        }

        var used = invocation.MaxMemoryUsedMb is { } max ? $"{CliFormat.Number(max)} MB" : "unknown";
        table.AddRow("memory", $"{used} used of {CliFormat.Number(invocation.MemorySizeMb)} MB");
        table.AddRow("cold start", invocation.Cold ? "yes" : "no");
        if (invocation.StartKind is { } kind)
        {
            table.AddRow("sandbox", kind switch
            {
                StartKind.Warm => "warm",
                StartKind.Prewarmed => "pre-warmed stem cell, specialised for it",
                StartKind.Provisioned => "provisioned",
                _ => "made for it",
            });
        }

        if (invocation.Phases is { } phases)
        {
            var steps = new (string Name, double? Ms)[]
            {
                ("admitted", phases.AdmittedMs), ("placed", phases.PlacedMs), ("sandbox", phases.SandboxAcquiredMs),
                ("initialised", phases.InitializedMs), ("handler", phases.HandlerStartedMs), ("answered", phases.AnsweredMs),
                ("recorded", phases.RecordedMs),
            };
            table.AddRow("phases", Markup.Escape(string.Join(", ", steps.Where(s => s.Ms is not null).Select(s => $"{s.Name} {CliFormat.Milliseconds(s.Ms!.Value)}"))) + " ms after arrival");
        }

        table.AddRow("trace id", Markup.Escape(invocation.TraceId));
        output.Write(table);
    }
}
