using System.Text.Json;

namespace Kumo.Runtime.Dotnet;

/// <summary>
/// The answer to a stem cell's hand-over (<c>GET /2018-06-01/runtime/kumo/specialization</c>): the function this
/// process becomes, with the complete environment it would have started with.
/// </summary>
internal sealed record Specialization(string? Handler, IReadOnlyDictionary<string, string> Environment)
{
    public static Specialization Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("environment", out var environment)
            || environment.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("the hand-over has no environment object: it must carry the function's complete environment");
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in environment.EnumerateObject())
        {
            variables[variable.Name] = variable.Value.ValueKind == JsonValueKind.String
                ? variable.Value.GetString()!
                : throw new InvalidDataException($"the hand-over's variable {variable.Name} is {variable.Value.ValueKind}, not a string");
        }

        var handler = root.TryGetProperty("handler", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new Specialization(handler, variables);
    }
}
