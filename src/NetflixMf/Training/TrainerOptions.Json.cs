using System.Text.Json;
using System.Text.Json.Serialization;
using NetflixMf.Models;

namespace NetflixMf.Training;

/// <summary>The options as JSON: what model files store, <c>netflixmf tune</c> writes and <c>netflixmf train --options</c> reads.</summary>
public sealed partial record TrainerOptions
{
    /// <summary>Writes the options as indented JSON; the head is written by its factory name (for example "dot" or "mlp(64,32;dropout=0)").</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonFor(null));

    /// <summary>Reads options written by <see cref="ToJson"/>; properties left out keep their defaults.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="customHead">The factory of a custom head named in the JSON; built-in heads need none.</param>
    /// <returns>The options, validated.</returns>
    /// <exception cref="FormatException">The text is not a JSON object of trainer options (an unknown or mistyped property is an error); the message says where.</exception>
    /// <exception cref="InvalidOperationException">The JSON names a custom head and no factory of that name was given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static TrainerOptions FromJson(string json, HeadFactory? customHead = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        TrainerOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<TrainerOptions>(json, JsonFor(customHead));
        }
        catch (JsonException e)
        {
            throw new FormatException($"The trainer options JSON is invalid: {e.Message}", e);
        }
        if (options is null) throw new FormatException("The trainer options JSON is null; expected an object.");
        options.Validate();
        return options;
    }

    /// <summary>The options a model was trained with, read back from the JSON its file stores (<see cref="FactorizationModel.TrainingOptions"/>).</summary>
    /// <param name="model">A trained or loaded model.</param>
    /// <param name="customHead">The factory of the model's custom head, if it has one (as for <see cref="FactorizationModel.Load(string, HeadFactory?)"/>).</param>
    /// <returns>The options, or <see langword="null"/> for a model file written before options were stored as JSON.</returns>
    /// <exception cref="InvalidOperationException">The model has a custom head and no factory of that name was given.</exception>
    /// <exception cref="FormatException">The stored JSON is not valid trainer options.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A stored option is out of range.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static TrainerOptions? FromModel(FactorizationModel model, HeadFactory? customHead = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        string text = model.TrainingOptions.TrimStart();
        return text.StartsWith('{') ? FromJson(text, customHead) : null;
    }

    private static JsonSerializerOptions JsonFor(HeadFactory? customHead) => new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(), new HeadFactoryConverter(customHead) },
    };

    /// <summary>Writes a head factory as its name and reads a name back as a built-in factory or the given custom one.</summary>
    private sealed class HeadFactoryConverter(HeadFactory? customHead) : JsonConverter<HeadFactory>
    {
        public override HeadFactory Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string name = reader.GetString() ?? throw new JsonException("Head must be a head factory name.");
            if (customHead is not null && customHead.Name == name) return customHead;
            return HeadFactory.FromBuiltInName(name)
                ?? throw new InvalidOperationException($"The trainer options name the custom head '{name}': pass a HeadFactory named '{name}'.");
        }

        public override void Write(Utf8JsonWriter writer, HeadFactory value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}
