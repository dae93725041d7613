namespace Kumo.Abstractions.Functions;

/// <summary>What a user gives to create a function (Lambda's <c>CreateFunction</c>).</summary>
public sealed record FunctionDefinition
{
    /// <summary>The function's name.</summary>
    public required string Name { get; init; }

    /// <summary>The runtime identifier.</summary>
    public required string Runtime { get; init; }

    /// <summary>The handler.</summary>
    public required string Handler { get; init; }

    /// <summary>The code package: a zip.</summary>
    public required ReadOnlyMemory<byte> ZipFile { get; init; }

    /// <summary>The settings; those left null take Lambda's defaults.</summary>
    public FunctionSettings Settings { get; init; } = new();

    /// <summary>Tags to put on the function.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
