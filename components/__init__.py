"""Custom Rasa NLU components of this assistant (loaded by Rasa with the model). Nothing here changes Rasa itself:
every change to Rasa's behaviour or speed lives in rasa_patches/, installed explicitly by the entry points."""
