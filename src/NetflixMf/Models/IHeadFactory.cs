namespace NetflixMf.Models;

/// <summary>Creates a <see cref="FactorizationHead"/> once the embedding size is known; its name is stored in model files.</summary>
public interface IHeadFactory
{
    /// <summary>
    /// The name saved in model files; <see cref="FactorizationModel.Load(string, IHeadFactory?)"/> needs a factory of
    /// the same name to rebuild a custom head. It should say everything that shapes the head's parameters.
    /// </summary>
    string Name { get; }

    /// <summary>Creates a new, randomly initialised head.</summary>
    FactorizationHead Create(HeadContext context);
}
