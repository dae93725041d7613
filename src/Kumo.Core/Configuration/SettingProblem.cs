namespace Kumo.Core.Configuration;

/// <summary>One setting that cannot be used, with what would be accepted instead.</summary>
/// <param name="Key">The setting's name, such as <c>Port</c>.</param>
/// <param name="Value">The value given.</param>
/// <param name="Origin">Where the value came from, in the user's words: <c>--port</c>, <c>KUMO_PORT</c>, a file.</param>
/// <param name="Allowed">What would be accepted, or for an unknown key, the known ones.</param>
public sealed record SettingProblem(string Key, string Value, string Origin, string Allowed)
{
    /// <summary>The problem as one line for the operator.</summary>
    public override string ToString() =>
        $"setting {Key} = '{Value}' (from {Origin}) is not valid: {Allowed}";
}
