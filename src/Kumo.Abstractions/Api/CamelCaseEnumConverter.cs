using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Api;

/// <summary>Writes an enum as its camelCase name (<c>functionError</c>) and reads any case of it back.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
