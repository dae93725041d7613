using System.Reflection;
using System.Text.Json;

namespace Kumo.Runtime.Dotnet;

/// <summary>Turns the event into the handler's input type and its result into the response.</summary>
internal abstract class PayloadSerializer
{
    public abstract object? Deserialize(byte[] payload, Type type);

    public abstract byte[] Serialize(object? value, Type type);

    /// <summary>
    /// The serializer a handler asks for with AWS's <c>[LambdaSerializer(typeof(…))]</c>, on the method or the
    /// assembly, or else System.Text.Json (property names matched in any case on input, kept as declared on output).
    /// </summary>
    public static PayloadSerializer For(MethodInfo method)
    {
        var attribute = method.GetCustomAttributesData().Concat(method.Module.Assembly.GetCustomAttributesData())
            .FirstOrDefault(a => a.AttributeType.Name == "LambdaSerializerAttribute");
        if (attribute?.ConstructorArguments.FirstOrDefault().Value is Type serializerType)
        {
            return new LambdaSerializer(Activator.CreateInstance(serializerType)
                ?? throw new InvalidOperationException($"cannot create the serializer {serializerType.FullName}"));
        }

        return SystemTextJson.Instance;
    }

    private sealed class SystemTextJson : PayloadSerializer
    {
        public static readonly SystemTextJson Instance = new();

        private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

        public override object? Deserialize(byte[] payload, Type type) =>
            payload.Length == 0 ? null : JsonSerializer.Deserialize(payload, type, Options);

        public override byte[] Serialize(object? value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, Options);
    }

    /// <summary>The function's own <c>ILambdaSerializer</c>, called by reflection (Kumo cannot reference Amazon.Lambda.Core).</summary>
    private sealed class LambdaSerializer(object serializer) : PayloadSerializer
    {
        private readonly MethodInfo _deserialize = Interface(serializer).GetMethod("Deserialize")
            ?? throw new InvalidOperationException($"{serializer.GetType().FullName} has no Deserialize<T>(Stream)");

        private readonly MethodInfo _serialize = Interface(serializer).GetMethod("Serialize")
            ?? throw new InvalidOperationException($"{serializer.GetType().FullName} has no Serialize<T>(T, Stream)");

        public override object? Deserialize(byte[] payload, Type type)
        {
            using var stream = new MemoryStream(payload, writable: false);
            return _deserialize.MakeGenericMethod(type).Invoke(serializer, [stream]);
        }

        public override byte[] Serialize(object? value, Type type)
        {
            using var stream = new MemoryStream();
            _serialize.MakeGenericMethod(type).Invoke(serializer, [value, stream]);
            return stream.ToArray();
        }

        private static Type Interface(object serializer) =>
            serializer.GetType().GetInterfaces().FirstOrDefault(i => i.Name == "ILambdaSerializer")
            ?? throw new InvalidOperationException($"{serializer.GetType().FullName} does not implement ILambdaSerializer");
    }
}
