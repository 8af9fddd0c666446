"""The course's kernel as Jupyter starts it: its kernelspec and class data (kernelspec), the JDKs the tests
run it on (jdks), starting it outside Jupyter's server (starting), and its benchmark (bench)."""
