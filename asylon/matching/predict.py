"""placeholder"""
def predict_scores(instance, model=None):
    raise NotImplementedError
