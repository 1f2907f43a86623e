namespace NetflixMf.Training;

/// <summary>How the embedding and bias tables are updated.</summary>
public enum OptimizerKind
{
    /// <summary>Lazy (row-sparse) Adam: moments are kept per row and updated only for the rows a batch touches (Kingma and Ba 2015).</summary>
    Adam,

    /// <summary>Plain stochastic gradient descent, Funk-style: each rating pulls its user and movie rows by the learning rate.</summary>
    Sgd,
}
