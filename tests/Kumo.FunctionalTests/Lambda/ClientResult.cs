using System.Text.Json;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>What one client call gave: the output on success, the error as the client parsed it otherwise.</summary>
internal sealed class ClientResult
{
    public required string Client { get; init; }

    public required string Operation { get; init; }

    public required bool Ok { get; init; }

    /// <summary>The HTTP status, where the client reports it.</summary>
    public int? Status { get; init; }

    /// <summary>The operation's output, as the client returned it (an Invoke's Payload as text).</summary>
    public JsonElement Output { get; init; }

    public ClientError? Error { get; init; }

    /// <summary>Everything the client printed, for failure messages.</summary>
    public required string Raw { get; init; }

    /// <summary>An Invoke's payload, parsed.</summary>
    public JsonElement Payload
    {
        get
        {
            var text = Output.GetProperty("Payload").GetString() ?? "";
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{Client} {Operation}: the payload is not JSON: '{text}'", e);
            }
        }
    }

    /// <summary>An output property as a string, or null when it is absent.</summary>
    public string? OutputString(string name) =>
        Output.ValueKind == JsonValueKind.Object && Output.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public ClientResult AssertOk()
    {
        Assert.True(Ok, $"{Client} {Operation} failed: {Raw}");
        return this;
    }

    /// <summary>Checks that the call failed with <paramref name="exceptionName"/>, raised as the client's own class of that name.</summary>
    public ClientError AssertError(string exceptionName)
    {
        Assert.False(Ok, $"{Client} {Operation} succeeded where {exceptionName} was expected: {Raw}");
        Assert.NotNull(Error);
        Assert.True(exceptionName == Error.Name, $"{Client} {Operation}: expected {exceptionName}, got {Error.Name}: {Raw}");
        Assert.True(Error.RaisedAsModeledClass ?? true, $"{Client} {Operation}: the error is named {exceptionName} but was not raised as the client's {exceptionName} class: {Raw}");
        return Error;
    }

    public override string ToString() => $"{Client} {Operation}: {Raw}";
}
